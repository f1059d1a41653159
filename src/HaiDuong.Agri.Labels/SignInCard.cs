using HaiDuong.Agri.Labels.Fonts;
using QRCoder;
using SkiaSharp;

namespace HaiDuong.Agri.Labels;

/// <summary>
/// What a household's sign-in card shows. All text is final (already formatted); it is normalised to NFC.
/// </summary>
/// <param name="HouseholdName">The household the code signs in, e.g. "Nguyễn Văn An".</param>
/// <param name="CooperativeName">The cooperative that printed the card, when there is one.</param>
/// <param name="Code">The one-time code as the household would type it, e.g. "K7QF-3M9X-…".</param>
/// <param name="Link">What the QR code opens: the household app with the code in its fragment.</param>
/// <param name="ValidUntil">The last day the code works, already formatted dd/MM/yyyy.</param>
public sealed record SignInCardFace(string HouseholdName, string? CooperativeName, string Code, string Link, string ValidUntil);

/// <summary>Writes a household's sign-in card: one A6 page with the QR code to scan, the code to type, and how to use it.</summary>
public static class SignInCard
{
    private const float PageWidth = 297.64f;
    private const float PageHeight = 419.53f;
    private const double Margin = 24;
    private const float QrSide = 184;

    public static async Task WriteAsync(Stream output, SignInCardFace face, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(face);
        var regular = EmbeddedFonts.Regular;
        var bold = EmbeddedFonts.Bold;
        using var pdf = new PdfOutput("Sign-in card");
        using var ink = LabelFaceLayout.Ink();
        var canvas = pdf.Document.BeginPage(PageWidth, PageHeight);

        // Lines go down the page from the top margin (SkiaSharp's y grows downwards).
        var top = Margin;
        top = Line(canvas, ink, bold, "Thẻ đăng nhập Nhật ký nông hộ", 15, top);
        top = Line(canvas, ink, bold, face.HouseholdName, 13, top + 4);
        if (face.CooperativeName is { Length: > 0 } cooperative)
        {
            top = Line(canvas, ink, regular, cooperative, 10, top);
        }

        using (var generator = new QRCodeGenerator())
        using (var code = generator.CreateQrCode(face.Link, QRCodeGenerator.ECCLevel.M))
        {
            var qrTop = (float)top + 6;
            new QrModules().Draw(canvas, code.ModuleMatrix, SKRect.Create((PageWidth - QrSide) / 2, qrTop, QrSide, QrSide));
            top = qrTop + QrSide + 6;
        }

        top = Line(canvas, ink, regular, "Mã đăng nhập (nếu không quét được):", 10, top);
        top = Line(canvas, ink, bold, face.Code, 15, top);
        top = Line(canvas, ink, regular, $"Dùng một lần, đến hết ngày {face.ValidUntil}.", 10, top + 2);
        top = Line(canvas, ink, regular, "1. Mở máy ảnh của điện thoại, quét mã QR.", 10, top + 6);
        top = Line(canvas, ink, regular, "2. Bấm vào đường dẫn hiện ra: ứng dụng tự đăng nhập.", 10, top);
        top = Line(canvas, ink, regular, "3. Chọn \"Thêm vào màn hình chính\" để mở lại nhanh.", 10, top);
        Line(canvas, ink, regular, "Giữ thẻ cẩn thận. Mất điện thoại: báo hợp tác xã.", 10, top + 4);

        pdf.Document.EndPage();
        await pdf.CloseAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One centred line whose top is <paramref name="top"/> points below the page's top, set smaller (down to 7 pt) when it
    /// is wider than the page's text width; returns the next line's top.
    /// </summary>
    private static double Line(SKCanvas canvas, SKPaint ink, LabelFont font, string text, double size, double top)
    {
        var clean = LabelFaceLayout.Clean(text, font);
        var width = PageWidth - (2 * Margin);
        while (size > 7 && font.Measure(clean, size) > width)
        {
            size -= 0.5;
        }

        var x = Math.Max(Margin, (PageWidth - font.Measure(clean, size)) / 2);
        LabelFaceLayout.DrawLine(canvas, ink, font, clean, size, x, top + size);
        return top + (size * 1.35);
    }
}
