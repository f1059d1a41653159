using HaiDuong.Agri.Labels.Fonts;
using HaiDuong.Agri.Labels.Pdf;
using QRCoder;

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
    private const double PageWidth = 297.64;
    private const double PageHeight = 419.53;
    private const double Margin = 24;
    private const double QrSide = 184;

    public static async Task WriteAsync(Stream output, SignInCardFace face, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(face);
        using var writer = new PdfObjectWriter(output);
        using var content = new ByteBuffer(16 * 1024);
        var catalog = writer.Reserve();
        var pages = writer.Reserve();
        var info = writer.Reserve();
        var page = writer.Reserve();
        var contents = writer.Reserve();
        var regular = new PdfFont(EmbeddedFonts.Regular, writer.Reserve(), "F1");
        var bold = new PdfFont(EmbeddedFonts.Bold, writer.Reserve(), "F2");

        var top = PageHeight - Margin;
        content.Append("BT\n"u8);
        top = Line(content, bold, "Thẻ đăng nhập Nhật ký nông hộ", 15, top);
        top = Line(content, bold, face.HouseholdName, 13, top - 4);
        if (face.CooperativeName is { Length: > 0 } cooperative)
        {
            top = Line(content, regular, cooperative, 10, top);
        }

        content.Append("ET\n"u8);

        using (var generator = new QRCodeGenerator())
        using (var code = generator.CreateQrCode(face.Link, QRCodeGenerator.ECCLevel.M))
        {
            var matrix = code.ModuleMatrix;
            var scale = QrSide / matrix.Count;
            var qrTop = top - 6;
            content.Append("q "u8).AppendNumber(scale, 5).Append(" 0 0 "u8).AppendNumber(-scale, 5).AppendByte((byte)' ')
                .AppendNumber((PageWidth - QrSide) / 2).AppendByte((byte)' ').AppendNumber(qrTop).Append(" cm\n"u8);
            var rowBits = QrPath.NewRowBuffer();
            QrPath.AppendModules(content, matrix, ref rowBits);
            content.Append("f Q\n"u8);
            top = qrTop - QrSide - 6;
        }

        content.Append("BT\n"u8);
        top = Line(content, regular, "Mã đăng nhập (nếu không quét được):", 10, top);
        top = Line(content, bold, face.Code, 15, top);
        top = Line(content, regular, $"Dùng một lần, đến hết ngày {face.ValidUntil}.", 10, top - 2);
        top = Line(content, regular, "1. Mở máy ảnh của điện thoại, quét mã QR.", 10, top - 6);
        top = Line(content, regular, "2. Bấm vào đường dẫn hiện ra: ứng dụng tự đăng nhập.", 10, top);
        top = Line(content, regular, "3. Chọn \"Thêm vào màn hình chính\" để mở lại nhanh.", 10, top);
        Line(content, regular, "Giữ thẻ cẩn thận. Mất điện thoại: báo hợp tác xã.", 10, top - 4);
        content.Append("ET\n"u8);

        writer.BeginStreamObject(contents);
        writer.EndStreamObject(content.Span, 6);
        writer.BeginObject(page)
            .Append("<< /Type /Page /Parent "u8).AppendInteger(pages)
            .Append(" 0 R /MediaBox [0 0 "u8).AppendNumber(PageWidth, 2).AppendByte((byte)' ').AppendNumber(PageHeight, 2)
            .Append("] /Resources << /Font << /F1 "u8).AppendInteger(regular.ObjectNumber).Append(" 0 R /F2 "u8)
            .AppendInteger(bold.ObjectNumber).Append(" 0 R >> >> /Contents "u8).AppendInteger(contents).Append(" 0 R >>"u8);
        writer.EndObject();
        writer.BeginObject(pages).Append("<< /Type /Pages /Count 1 /Kids ["u8).AppendInteger(page).Append(" 0 R] >>"u8);
        writer.EndObject();
        regular.WriteObjects(writer);
        bold.WriteObjects(writer);
        writer.BeginObject(catalog).Append("<< /Type /Catalog /Pages "u8).AppendInteger(pages).Append(" 0 R >>"u8);
        writer.EndObject();
        writer.BeginObject(info).Append("<< /Producer (HaiDuong.Agri.Labels) /Title (Sign-in card) >>"u8);
        writer.EndObject();
        await writer.FinishAsync(catalog, info, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One centred line, set smaller (down to 7 pt) when it is wider than the page's text width; returns the next line's top.</summary>
    private static double Line(ByteBuffer content, PdfFont font, string text, double size, double top)
    {
        var clean = LabelFaceLayout.Clean(text, font);
        var width = PageWidth - (2 * Margin);
        while (size > 7 && font.Measure(clean, size) > width)
        {
            size -= 0.5;
        }

        var x = Math.Max(Margin, (PageWidth - font.Measure(clean, size)) / 2);
        LabelFaceLayout.ShowLine(content, font, clean, size, x, top - size);
        return top - (size * 1.35);
    }
}
