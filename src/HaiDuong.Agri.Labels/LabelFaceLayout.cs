using System.Text;
using HaiDuong.Agri.Labels.Pdf;

namespace HaiDuong.Agri.Labels;

/// <summary>
/// Lays out the text block of a label (everything but the QR code) once per sheet, as PDF content in label
/// coordinates: the product name in bold on up to two lines, then lot, packing date, net weight, producer,
/// growing-area code, and the certification marks as outlined badges. Every line is measured with the font's
/// advance widths; a line too wide is set smaller (down to the template's minimum size) and then cut with "…".
/// </summary>
internal static class LabelFaceLayout
{
    private const double Leading = 1.2;
    private const double BadgeLineWidth = 0.6;
    private const string Ellipsis = "…";

    public static void Write(ByteBuffer content, LabelFace face, LabelGeometry geometry, PdfFont regular, PdfFont bold)
    {
        var name = Clean(face.ProductName, bold);
        var body = new List<string>();
        AddLine(body, "Lô: ", face.LotCode, regular);
        AddLine(body, "Đóng gói: ", face.PackedOn, regular);
        AddLine(body, "KL tịnh: ", face.NetWeight, regular);
        AddLine(body, string.Empty, face.Producer, regular);
        AddLine(body, "Mã vùng trồng: ", face.GrowingAreaCode, regular);
        var marks = face.CertificationMarks.Select(m => Clean(m, bold)).Where(m => m.Length > 0).ToList();

        // Shrink everything together while the block is taller than the box (for the templates we have, only
        // when long values wrap onto second lines).
        var factor = 1.0;
        List<Line> lines;
        double bodySize;
        while (true)
        {
            var nameSize = Math.Max(geometry.MinimumSize, geometry.NameSize * factor);
            bodySize = Math.Max(geometry.MinimumSize, geometry.BodySize * factor);
            lines = [];
            foreach (var (text, size) in WrapInTwo(name, bold, nameSize, geometry.MinimumSize, geometry.TextWidth, shrinkFirst: false))
            {
                lines.Add(new Line(bold, text, size, size * Leading));
            }

            var gap = bodySize * 0.15;
            foreach (var value in body)
            {
                foreach (var (text, size) in WrapInTwo(value, regular, bodySize, geometry.MinimumSize, geometry.TextWidth, shrinkFirst: true))
                {
                    lines.Add(new Line(regular, text, size, (size * Leading) + gap));
                    gap = 0;
                }
            }

            var height = lines.Sum(l => l.Advance) + (marks.Count > 0 ? (bodySize * 0.35) + BadgeHeight(bodySize) : 0);
            if (height <= geometry.TextHeight || bodySize <= geometry.MinimumSize)
            {
                break;
            }

            factor *= Math.Max(0.5, (geometry.TextHeight / height) - 0.005);
        }

        var x = geometry.TextLeft;
        var cursor = geometry.TextBottom + geometry.TextHeight;
        content.Append("BT\n"u8);
        foreach (var line in lines)
        {
            // The baseline sits one em below the top of the line's share of the box.
            ShowLine(content, line.Font, line.Text, line.Size, x, cursor - (line.Advance - (line.Size * Leading)) - line.Size);
            cursor -= line.Advance;
        }

        content.Append("ET\n"u8);

        if (marks.Count > 0)
        {
            WriteBadges(content, marks, bold, bodySize, geometry.MinimumSize, x, cursor - (bodySize * 0.35), geometry.TextWidth);
        }
    }

    private readonly record struct Line(PdfFont Font, string Text, double Size, double Advance);

    private static double BadgeHeight(double bodySize) => (bodySize * 0.9 * 1.15) + 2;

    internal static void ShowLine(ByteBuffer content, PdfFont font, string text, double size, double x, double baseline)
    {
        content.AppendByte((byte)'/').AppendAscii(font.ResourceName).AppendByte((byte)' ').AppendNumber(size, 2)
            .Append(" Tf 1 0 0 1 "u8).AppendNumber(x, 2).AppendByte((byte)' ').AppendNumber(baseline, 2).Append(" Tm "u8);
        font.AppendText(content, text);
        content.Append(" Tj\n"u8);
    }

    /// <summary>
    /// Outlined badges side by side. A mark is never cut short unless it is the first and alone too wide:
    /// marks that no longer fit the width are left out.
    /// </summary>
    private static void WriteBadges(
        ByteBuffer content, List<string> marks, PdfFont bold, double bodySize, double minimumSize, double left, double top, double width)
    {
        var size = bodySize * 0.9;
        var height = BadgeHeight(bodySize);
        const double paddingX = 2;
        const double gap = 2.5;
        var bottom = top - height;
        var x = left;
        var first = true;
        content.AppendNumber(BadgeLineWidth, 1).Append(" w\n"u8);
        foreach (var mark in marks)
        {
            var room = left + width - x - (BadgeLineWidth / 2);
            var (text, textSize) = Fit(mark, bold, size, Math.Min(size, minimumSize), room - (2 * paddingX));
            if (!first && !string.Equals(text, mark, StringComparison.Ordinal))
            {
                break;
            }

            var boxWidth = bold.Measure(text, textSize) + (2 * paddingX);
            content.AppendNumber(x, 2).AppendByte((byte)' ').AppendNumber(bottom, 2).AppendByte((byte)' ')
                .AppendNumber(boxWidth, 2).AppendByte((byte)' ').AppendNumber(height, 2).Append(" re S\n"u8);
            var baseline = bottom + ((height - (textSize * bold.Font.CapHeight / bold.Font.UnitsPerEm)) / 2);
            content.Append("BT\n"u8);
            ShowLine(content, bold, text, textSize, x + paddingX, baseline);
            content.Append("ET\n"u8);
            x += boxWidth + gap;
            first = false;
        }
    }

    /// <summary>
    /// One or two lines for <paramref name="text"/>. With <paramref name="shrinkFirst"/>, a single line set down to
    /// 80 % of the size is preferred to two lines (body values); otherwise two lines are preferred to a smaller size
    /// (the product name). Failing both, the smallest size that fits two lines, and "…" at the end of the second
    /// line at the minimum size.
    /// </summary>
    private static List<(string Text, double Size)> WrapInTwo(
        string text, PdfFont font, double size, double minimumSize, double width, bool shrinkFirst)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var measured = font.Measure(text, size);
        if (measured <= width)
        {
            return [(text, size)];
        }

        var singleLineSize = Math.Floor(size * width / measured * 100) / 100;
        if (shrinkFirst && singleLineSize >= Math.Max(minimumSize, size * 0.8))
        {
            return [(text, singleLineSize)];
        }

        for (var candidate = size; candidate >= minimumSize; candidate -= 0.25)
        {
            var lines = Wrap(text, font, candidate, width);
            if (lines.Count <= 2)
            {
                return lines.ConvertAll(l => (l, candidate));
            }
        }

        var smallest = Wrap(text, font, minimumSize, width);
        var rest = string.Join(' ', smallest.Skip(1));
        return [(smallest[0], minimumSize), (Truncate(rest + " " + Ellipsis, font, minimumSize, width, force: true), minimumSize)];
    }

    /// <summary>Greedy word wrap; a word wider than the line is broken between characters.</summary>
    private static List<string> Wrap(string text, PdfFont font, double size, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.Measure(candidate, size) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            var remaining = word;
            while (font.Measure(remaining, size) > width)
            {
                var fits = 1;
                while (fits < remaining.Length && font.Measure(remaining.AsSpan(0, fits + 1), size) <= width)
                {
                    fits++;
                }

                lines.Add(remaining[..fits]);
                remaining = remaining[fits..];
            }

            line.Append(remaining);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>The text at the largest size ≤ <paramref name="size"/> that fits, cut with "…" at the minimum size if need be.</summary>
    private static (string Text, double Size) Fit(string text, PdfFont font, double size, double minimumSize, double width)
    {
        var measured = font.Measure(text, size);
        if (measured <= width)
        {
            return (text, size);
        }

        var fitted = Math.Floor(size * width / measured * 100) / 100;
        return fitted >= minimumSize
            ? (text, fitted)
            : (Truncate(text, font, minimumSize, width, force: false), minimumSize);
    }

    private static string Truncate(string text, PdfFont font, double size, double width, bool force)
    {
        if (!force && font.Measure(text, size) <= width)
        {
            return text;
        }

        var body = text.EndsWith(Ellipsis, StringComparison.Ordinal) ? text[..^Ellipsis.Length].TrimEnd() : text;
        for (var length = body.Length; length > 0; length--)
        {
            var candidate = body[..length].TrimEnd() + Ellipsis;
            if (font.Measure(candidate, size) <= width)
            {
                return candidate;
            }
        }

        return Ellipsis;
    }

    private static void AddLine(List<string> lines, string caption, string? value, PdfFont font)
    {
        var cleaned = Clean(value, font);
        if (cleaned.Length > 0)
        {
            lines.Add(caption + cleaned);
        }
    }

    /// <summary>
    /// NFC, one space for any run of white space or control characters, and '?' for characters the font lacks
    /// (including anything outside the BMP), so that what is measured is what is drawn.
    /// </summary>
    internal static string Clean(string? text, PdfFont font)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var normalized = text.Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            var known = rune.IsBmp && font.Font.GlyphId((char)rune.Value) != 0;
            result.Append(known ? (char)rune.Value : '?');
        }

        return result.ToString();
    }
}
