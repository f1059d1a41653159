using System.Text;
using HaiDuong.Agri.Labels.Pdf;

namespace HaiDuong.Agri.Labels;

/// <summary>
/// Lays out the text block of a label (everything but the QR code and the serial) once per sheet, as PDF content in
/// label coordinates: the product name in bold on up to two lines, then lot, packing date, net weight, producer,
/// growing-area code, and the certification marks as outlined badges; at the foot of the box the call to action
/// ("Quét mã để truy xuất") and below it the slot where each label's serial is printed. Every line is measured with the
/// font's advance widths; a line too wide is set smaller (down to the template's minimum size) and then cut with "…".
/// Everything stays inside the geometry's text box, measured by the fonts' ascent and descent (what pdftotext reports).
/// </summary>
internal static class LabelFaceLayout
{
    /// <summary>The call to action printed above the serial, under every label's text.</summary>
    public const string CallToAction = "Quét mã để truy xuất";

    private const double Leading = 1.2;
    private const double BadgeLineWidth = 0.6;
    private const string Ellipsis = "…";

    /// <summary>Writes the face and returns where each label's serial goes.</summary>
    public static SerialSlot Write(ByteBuffer content, LabelFace face, LabelGeometry geometry, PdfFont regular, PdfFont bold)
    {
        var name = Clean(face.ProductName, bold);
        var body = new List<string>();
        AddLine(body, "Lô: ", face.LotCode, regular);
        AddLine(body, "Đóng gói: ", face.PackedOn, regular);
        AddLine(body, "KL tịnh: ", face.NetWeight, regular);
        AddLine(body, string.Empty, face.Producer, regular);
        AddLine(body, "Mã vùng trồng: ", face.GrowingAreaCode, regular);
        var marks = face.CertificationMarks.Select(m => Clean(m, bold)).Where(m => m.Length > 0).ToList();

        // The foot, from the bottom of the box up: the serial's line (its descent on the box's bottom), then the call to
        // action on one line (or two, never cut). Its size is the template's and does not shrink with the rest.
        var serialSize = geometry.FooterSize;
        var serialBaseline = geometry.TextBottom + (Descent(regular) * serialSize);
        var callToAction = WrapInTwo(Clean(CallToAction, bold), bold, geometry.FooterSize, geometry.MinimumSize, geometry.TextWidth, shrinkFirst: true);
        var baseline = serialBaseline + (callToAction[^1].Size * (Leading - 1)) + serialSize;
        var ctaBaselines = new double[callToAction.Count];
        for (var i = callToAction.Count - 1; i >= 0; i--)
        {
            ctaBaselines[i] = baseline;
            baseline += i > 0 ? (callToAction[i - 1].Size * (Leading - 1)) + callToAction[i].Size : 0;
        }

        var footTop = ctaBaselines[0] + callToAction[0].Size;
        var top = geometry.TextBottom + geometry.TextHeight;

        // Shrink everything together while the block is taller than the room above the foot (long values wrap onto
        // second lines). At the minimum size, what still does not fit is left out: the badges, then (badges back in)
        // the last line, then the badges again, and so on up.
        var factor = 1.0;
        var keptLines = body.Count;
        var keepMarks = marks.Count > 0;
        var inlineBadges = false;
        List<Line> lines;
        double bodySize;
        while (true)
        {
            var nameSize = Math.Max(geometry.MinimumSize, geometry.NameSize * factor);
            bodySize = Math.Max(geometry.MinimumSize, geometry.BodySize * factor);
            lines = [];
            foreach (var (text, size) in WrapInTwo(name, bold, nameSize, geometry.MinimumSize, geometry.TextWidth, shrinkFirst: false))
            {
                lines.Add(new Line(bold, text, size, 0, 0));
            }

            var gap = bodySize * 0.15;
            foreach (var value in body.Take(keptLines))
            {
                foreach (var (text, size) in WrapInTwo(value, regular, bodySize, geometry.MinimumSize, geometry.TextWidth, shrinkFirst: true))
                {
                    lines.Add(new Line(regular, text, size, gap, 0));
                    gap = 0;
                }
            }

            // The badges go on a row of their own, or at the end of the last line when they all fit there whole (that
            // line then makes room above and below for their outlines).
            inlineBadges = keepMarks && keptLines > 0
                && lines[^1].Font.Measure(lines[^1].Text, lines[^1].Size) + BadgesWidth(marks, bold, bodySize) <= geometry.TextWidth;
            if (inlineBadges)
            {
                var last = lines[^1];
                var (badgeBottom, badgeTop) = InlineBadge(bold, bodySize, 0);
                var above = Math.Max(0, badgeTop - ((Leading - Descent(last.Font)) * last.Size));
                var below = Math.Max(0, -((Leading - 1) * last.Size) - badgeBottom);
                lines[^1] = last with { Gap = last.Gap + above, Below = below };
            }

            // The first line's ascent reaches above its em box; the foot keeps a gap below the last line's descent.
            var overshoot = lines.Count > 0 ? (Ascent(lines[0].Font) - 1) * lines[0].Size : 0;
            var room = top - footTop - overshoot - FootGap(bodySize);
            var height = lines.Sum(l => l.Advance) + (keepMarks && !inlineBadges ? BadgeBlockHeight(bodySize) : 0);
            if (height <= room || (keptLines == 0 && !keepMarks))
            {
                // (The name alone, two lines at the minimum size, is never taller than a template's text box.)
                top -= overshoot;
                break;
            }

            if (nameSize > geometry.MinimumSize || bodySize > geometry.MinimumSize)
            {
                // Lines wrap differently at each size, so step down rather than scale by room / height (which can
                // overshoot to the minimum when a wrap disappears on the way).
                factor -= 0.01;
            }
            else if (keepMarks)
            {
                keepMarks = false;
            }
            else
            {
                keptLines--;
                keepMarks = marks.Count > 0;
            }
        }

        if (!keepMarks)
        {
            marks.Clear();
        }

        var x = geometry.TextLeft;
        var cursor = top;
        var lastBaseline = 0.0;
        content.Append("BT\n"u8);
        foreach (var line in lines)
        {
            // The baseline sits one em below the top of the line's share of the box (after its gap).
            lastBaseline = cursor - line.Gap - line.Size;
            ShowLine(content, line.Font, line.Text, line.Size, x, lastBaseline);
            cursor -= line.Advance;
        }

        for (var i = 0; i < callToAction.Count; i++)
        {
            ShowLine(content, bold, callToAction[i].Text, callToAction[i].Size, x, ctaBaselines[i]);
        }

        content.Append("ET\n"u8);

        if (inlineBadges)
        {
            var last = lines[^1];
            var left = x + last.Font.Measure(last.Text, last.Size) + BadgeGap;
            WriteBadges(content, marks, bold, bodySize, geometry.MinimumSize, left, InlineBadge(bold, bodySize, lastBaseline).Bottom + (BadgeLineWidth / 2), x + geometry.TextWidth - left);
        }
        else if (marks.Count > 0)
        {
            WriteBadges(content, marks, bold, bodySize, geometry.MinimumSize, x, cursor - (bodySize * 0.35) - BadgeHeight(bodySize), geometry.TextWidth);
        }

        return new SerialSlot(x, serialBaseline, geometry.TextWidth, serialSize);
    }

    /// <summary>
    /// Where a label's serial is printed, in label coordinates: from <paramref name="Left"/> on the baseline, at most
    /// <paramref name="Size"/> points and no wider than <paramref name="Width"/>.
    /// </summary>
    internal readonly record struct SerialSlot(double Left, double Baseline, double Width, double Size);

    /// <summary>The font's ascent (above the baseline) as a fraction of the size: what pdftotext counts as the top of a word.</summary>
    internal static double Ascent(PdfFont font) => font.Font.Ascender / (double)font.Font.UnitsPerEm;

    /// <summary>The font's descent (below the baseline, positive) as a fraction of the size.</summary>
    internal static double Descent(PdfFont font) => -font.Font.Descender / (double)font.Font.UnitsPerEm;

    private static double FootGap(double bodySize) => bodySize * 0.35;

    /// <summary>The gap above the badges, the badges, and their outline's half width below them.</summary>
    private static double BadgeBlockHeight(double bodySize) => (bodySize * 0.35) + BadgeHeight(bodySize) + (BadgeLineWidth / 2);

    /// <summary>A line of text: <paramref name="Gap"/> above its em box, <paramref name="Below"/> extra under its leading.</summary>
    private readonly record struct Line(PdfFont Font, string Text, double Size, double Gap, double Below)
    {
        public double Advance => Gap + (Size * Leading) + Below;
    }

    private const double BadgePaddingX = 2;
    private const double BadgeGap = 2.5;

    private static double BadgeHeight(double bodySize) => (bodySize * 0.9 * 1.15) + 2;

    private static double BadgeTextSize(double bodySize) => bodySize * 0.9;

    /// <summary>The width all badges take side by side at full size, with the gap before the first.</summary>
    private static double BadgesWidth(List<string> marks, PdfFont bold, double bodySize) =>
        marks.Sum(m => bold.Measure(m, BadgeTextSize(bodySize)) + (2 * BadgePaddingX) + BadgeGap) + BadgeLineWidth;

    /// <summary>The outline's bottom and top (half the line width included) of badges set on a line's baseline.</summary>
    private static (double Bottom, double Top) InlineBadge(PdfFont bold, double bodySize, double baseline)
    {
        var height = BadgeHeight(bodySize);
        var bottom = baseline - ((height - (BadgeTextSize(bodySize) * bold.Font.CapHeight / bold.Font.UnitsPerEm)) / 2);
        return (bottom - (BadgeLineWidth / 2), bottom + height + (BadgeLineWidth / 2));
    }

    internal static void ShowLine(ByteBuffer content, PdfFont font, ReadOnlySpan<char> text, double size, double x, double baseline)
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
        ByteBuffer content, List<string> marks, PdfFont bold, double bodySize, double minimumSize, double left, double bottom, double width)
    {
        var size = BadgeTextSize(bodySize);
        var height = BadgeHeight(bodySize);
        const double paddingX = BadgePaddingX;
        const double gap = BadgeGap;
        var x = left + (BadgeLineWidth / 2);
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
