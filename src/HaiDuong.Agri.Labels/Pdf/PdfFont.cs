using System.Text;
using HaiDuong.Agri.Labels.Fonts;

namespace HaiDuong.Agri.Labels.Pdf;

/// <summary>
/// One TrueType font as used by one PDF: text is written as 2-byte glyph ids (Identity-H), the glyphs used are
/// remembered, and at the end the font is embedded as a Type0 font over a CIDFontType2: the whole TrueType file (our
/// fonts are shipped already cut down to Latin + Vietnamese), with a /W array and a /ToUnicode map for exactly the
/// glyphs used.
/// </summary>
internal sealed class PdfFont
{
    private readonly bool[] _used;
    private readonly int[] _unicode;

    public PdfFont(TrueTypeFont font, int objectNumber, string resourceName)
    {
        Font = font;
        ObjectNumber = objectNumber;
        ResourceName = resourceName;
        _used = new bool[font.GlyphCount];
        _unicode = new int[font.GlyphCount];
    }

    public TrueTypeFont Font { get; }

    /// <summary>The Type0 font dictionary's object number, reserved before any page refers to it.</summary>
    public int ObjectNumber { get; }

    /// <summary>The name pages and forms use in their /Font resources, e.g. "F1".</summary>
    public string ResourceName { get; }

    /// <summary>The width of <paramref name="text"/> at <paramref name="size"/> points.</summary>
    public double Measure(ReadOnlySpan<char> text, double size)
    {
        long units = 0;
        foreach (var c in text)
        {
            units += Font.Advance(Font.GlyphId(c));
        }

        return units * size / Font.UnitsPerEm;
    }

    /// <summary>Appends <paramref name="text"/> as a hex string of glyph ids, "&lt;00240048…&gt;".</summary>
    public void AppendText(ByteBuffer content, ReadOnlySpan<char> text)
    {
        content.AppendByte((byte)'<');
        foreach (var c in text)
        {
            var glyph = Font.GlyphId(c);
            if (!_used[glyph])
            {
                _used[glyph] = true;
                if (glyph != 0)
                {
                    _unicode[glyph] = c;
                }
            }

            content.AppendHex4(glyph);
        }

        content.AppendByte((byte)'>');
    }

    /// <summary>Writes the Type0 font, its CIDFont, descriptor, embedded font file and ToUnicode map.</summary>
    public void WriteObjects(PdfObjectWriter writer)
    {
        var baseFont = SubsetTag() + "+" + Font.PostScriptName;
        var descendant = writer.Reserve();
        var descriptor = writer.Reserve();
        var fontFile = writer.Reserve();
        var toUnicode = writer.Reserve();

        writer.BeginObject(ObjectNumber)
            .Append("<< /Type /Font /Subtype /Type0 /BaseFont /"u8).AppendAscii(baseFont)
            .Append(" /Encoding /Identity-H /DescendantFonts ["u8).AppendInteger(descendant)
            .Append(" 0 R] /ToUnicode "u8).AppendInteger(toUnicode).Append(" 0 R >>"u8);
        writer.EndObject();

        var cidFont = writer.BeginObject(descendant)
            .Append("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /"u8).AppendAscii(baseFont)
            .Append(" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "u8)
            .AppendInteger(descriptor).Append(" 0 R /CIDToGIDMap /Identity /DW "u8).AppendInteger(Scale(Font.Advance(0)))
            .Append("\n/W ["u8);
        AppendWidths(cidFont);
        cidFont.Append("] >>"u8);
        writer.EndObject();

        var flags = 32 + (Font.IsFixedPitch ? 1 : 0) + (Font.ItalicAngle != 0 ? 64 : 0);
        writer.BeginObject(descriptor)
            .Append("<< /Type /FontDescriptor /FontName /"u8).AppendAscii(baseFont)
            .Append(" /Flags "u8).AppendInteger(flags)
            .Append(" /FontBBox ["u8).AppendInteger(Scale(Font.XMin)).AppendByte((byte)' ').AppendInteger(Scale(Font.YMin))
            .AppendByte((byte)' ').AppendInteger(Scale(Font.XMax)).AppendByte((byte)' ').AppendInteger(Scale(Font.YMax))
            .Append("] /ItalicAngle "u8).AppendNumber(Font.ItalicAngle, 2)
            .Append(" /Ascent "u8).AppendInteger(Scale(Font.Ascender))
            .Append(" /Descent "u8).AppendInteger(Scale(Font.Descender))
            .Append(" /CapHeight "u8).AppendInteger(Scale(Font.CapHeight))
            .Append(" /StemV "u8).AppendInteger(StemV(Font.WeightClass))
            .Append(" /FontFile2 "u8).AppendInteger(fontFile).Append(" 0 R >>"u8);
        writer.EndObject();

        writer.BeginStreamObject(fontFile).Append(" /Length1 "u8).AppendInteger(Font.Data.Length);
        writer.EndStreamObject(Font.Data, 9);

        writer.BeginStreamObject(toUnicode);
        writer.EndStreamObject(ToUnicodeMap(), 9);
    }

    private int Scale(int fontUnits) => (int)Math.Round(fontUnits * 1000.0 / Font.UnitsPerEm);

    /// <summary>Regular (400) ≈ 80, bold (700) ≈ 150: the usual estimate when the font does not say.</summary>
    private static int StemV(int weightClass) => Math.Clamp(80 + ((weightClass - 400) * 70 / 300), 50, 220);

    private void AppendWidths(ByteBuffer output)
    {
        var glyph = 0;
        var runs = 0;
        while (glyph < _used.Length)
        {
            if (!_used[glyph])
            {
                glyph++;
                continue;
            }

            output.AppendInteger(glyph).Append(" ["u8);
            var first = true;
            while (glyph < _used.Length && _used[glyph])
            {
                if (!first)
                {
                    output.AppendByte((byte)' ');
                }

                output.AppendInteger(Scale(Font.Advance(glyph)));
                first = false;
                glyph++;
            }

            output.Append("] "u8);
            if (++runs % 8 == 0)
            {
                output.AppendByte((byte)'\n');
            }
        }
    }

    private byte[] ToUnicodeMap()
    {
        var entries = new List<(int Glyph, int Unicode)>();
        for (var glyph = 1; glyph < _used.Length; glyph++)
        {
            if (_used[glyph] && _unicode[glyph] != 0)
            {
                entries.Add((glyph, _unicode[glyph]));
            }
        }

        var text = new StringBuilder();
        text.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (var start = 0; start < entries.Count; start += 100)
        {
            var block = Math.Min(100, entries.Count - start);
            text.Append(block).Append(" beginbfchar\n");
            for (var i = start; i < start + block; i++)
            {
                text.Append('<').Append(entries[i].Glyph.ToString("X4", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("> <").Append(entries[i].Unicode.ToString("X4", System.Globalization.CultureInfo.InvariantCulture))
                    .Append(">\n");
            }

            text.Append("endbfchar\n");
        }

        text.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// Six capital letters naming the embedded subset (ISO 32000 9.6.4), derived from the font file: every PDF embeds
    /// the same cut-down file, so it carries the same tag.
    /// </summary>
    private string SubsetTag()
    {
        uint hash = 2166136261;
        foreach (var b in Font.Data)
        {
            hash = unchecked((hash ^ b) * 16777619);
        }

        Span<char> tag = stackalloc char[6];
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = (char)('A' + (hash % 26));
            hash /= 26;
        }

        return new string(tag);
    }
}
