using System.Buffers.Binary;
using System.Text;

namespace HaiDuong.Agri.Labels.Fonts;

/// <summary>
/// The parts of a TrueType (glyf-outline) font that drawing and embedding text in a PDF needs: metrics for the
/// font descriptor, advance widths, the Unicode BMP → glyph map (cmap format 4), and the file itself, which a PDF
/// embeds whole (the fonts we ship are already cut down to the characters labels use; see Fonts/README.md).
/// </summary>
internal sealed class TrueTypeFont
{
    private readonly byte[] _data;
    private readonly ushort[] _advances;
    private readonly ushort[] _glyphOfChar;

    private TrueTypeFont(byte[] data, ushort[] advances, ushort[] glyphOfChar)
    {
        _data = data;
        _advances = advances;
        _glyphOfChar = glyphOfChar;
    }

    public required string PostScriptName { get; init; }

    public required int UnitsPerEm { get; init; }

    public required int GlyphCount { get; init; }

    public required int XMin { get; init; }

    public required int YMin { get; init; }

    public required int XMax { get; init; }

    public required int YMax { get; init; }

    public required int Ascender { get; init; }

    public required int Descender { get; init; }

    public required int CapHeight { get; init; }

    public required double ItalicAngle { get; init; }

    public required int WeightClass { get; init; }

    public required bool IsFixedPitch { get; init; }

    /// <summary>The font file as parsed.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The glyph for a BMP character; 0 (.notdef) when the font has none.</summary>
    public int GlyphId(char c) => _glyphOfChar[c];

    /// <summary>The glyph's advance width in font units.</summary>
    public int Advance(int glyphId) => _advances[glyphId];

    public static TrueTypeFont Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var version = ReadUInt32(data, 0);
        if (version != 0x00010000 && version != 0x74727565)
        {
            throw new InvalidDataException("Not a TrueType font with glyf outlines.");
        }

        var tableCount = ReadUInt16(data, 4);
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        for (var i = 0; i < tableCount; i++)
        {
            var record = 12 + (16 * i);
            var tag = Encoding.ASCII.GetString(data, record, 4);
            var offset = checked((int)ReadUInt32(data, record + 8));
            var length = checked((int)ReadUInt32(data, record + 12));
            if (offset < 0 || length < 0 || offset + length > data.Length)
            {
                throw new InvalidDataException($"Font table '{tag}' lies outside the file.");
            }

            tables[tag] = (offset, length);
        }

        foreach (var required in (string[])["head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf"])
        {
            if (!tables.ContainsKey(required))
            {
                throw new InvalidDataException($"The font has no '{required}' table.");
            }
        }

        var head = tables["head"].Offset;
        var hhea = tables["hhea"].Offset;
        var glyphCount = ReadUInt16(data, tables["maxp"].Offset + 4);

        var metricCount = ReadUInt16(data, hhea + 34);
        var hmtx = tables["hmtx"].Offset;
        var advances = new ushort[glyphCount];
        ushort last = 0;
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            if (glyph < metricCount)
            {
                last = ReadUInt16(data, hmtx + (4 * glyph));
            }

            advances[glyph] = last;
        }

        var capHeight = 0;
        var weightClass = 400;
        if (tables.TryGetValue("OS/2", out var os2))
        {
            weightClass = ReadUInt16(data, os2.Offset + 4);
            if (ReadUInt16(data, os2.Offset) >= 2 && os2.Length >= 90)
            {
                capHeight = ReadInt16(data, os2.Offset + 88);
            }
        }

        var ascender = ReadInt16(data, hhea + 4);
        if (capHeight == 0)
        {
            capHeight = ascender * 7 / 10;
        }

        double italicAngle = 0;
        var fixedPitch = false;
        if (tables.TryGetValue("post", out var post))
        {
            italicAngle = ReadInt32(data, post.Offset + 4) / 65536.0;
            fixedPitch = ReadUInt32(data, post.Offset + 12) != 0;
        }

        return new TrueTypeFont(data, advances, ReadCharacterMap(data, tables["cmap"].Offset, glyphCount))
        {
            PostScriptName = ReadPostScriptName(data, tables) ?? "Font",
            UnitsPerEm = ReadUInt16(data, head + 18),
            GlyphCount = glyphCount,
            XMin = ReadInt16(data, head + 36),
            YMin = ReadInt16(data, head + 38),
            XMax = ReadInt16(data, head + 40),
            YMax = ReadInt16(data, head + 42),
            Ascender = ascender,
            Descender = ReadInt16(data, hhea + 6),
            CapHeight = capHeight,
            ItalicAngle = italicAngle,
            WeightClass = weightClass,
            IsFixedPitch = fixedPitch,
        };
    }

    private static ushort[] ReadCharacterMap(byte[] data, int cmap, int glyphCount)
    {
        var subtableCount = ReadUInt16(data, cmap + 2);
        var format4 = -1;
        for (var i = 0; i < subtableCount; i++)
        {
            var record = cmap + 4 + (8 * i);
            var platform = ReadUInt16(data, record);
            var encoding = ReadUInt16(data, record + 2);
            var offset = cmap + checked((int)ReadUInt32(data, record + 4));
            if (ReadUInt16(data, offset) == 4 && ((platform == 3 && encoding == 1) || (platform == 0 && format4 < 0)))
            {
                format4 = offset;
            }
        }

        if (format4 < 0)
        {
            throw new InvalidDataException("The font has no Unicode BMP character map (cmap format 4).");
        }

        var map = new ushort[65536];
        var segmentCount = ReadUInt16(data, format4 + 6) / 2;
        var endCodes = format4 + 14;
        var startCodes = endCodes + (2 * segmentCount) + 2;
        var deltas = startCodes + (2 * segmentCount);
        var rangeOffsets = deltas + (2 * segmentCount);
        for (var segment = 0; segment < segmentCount; segment++)
        {
            int end = ReadUInt16(data, endCodes + (2 * segment));
            int start = ReadUInt16(data, startCodes + (2 * segment));
            int delta = ReadInt16(data, deltas + (2 * segment));
            var rangeOffsetAt = rangeOffsets + (2 * segment);
            int rangeOffset = ReadUInt16(data, rangeOffsetAt);
            for (var c = start; c <= end && c < 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    glyph = ReadUInt16(data, rangeOffsetAt + rangeOffset + (2 * (c - start)));
                    if (glyph != 0)
                    {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }

                map[c] = glyph < glyphCount ? (ushort)glyph : (ushort)0;
            }
        }

        return map;
    }

    private static string? ReadPostScriptName(byte[] data, Dictionary<string, (int Offset, int Length)> tables)
    {
        if (!tables.TryGetValue("name", out var name))
        {
            return null;
        }

        var count = ReadUInt16(data, name.Offset + 2);
        var strings = name.Offset + ReadUInt16(data, name.Offset + 4);
        for (var i = 0; i < count; i++)
        {
            var record = name.Offset + 6 + (12 * i);
            var platform = ReadUInt16(data, record);
            var nameId = ReadUInt16(data, record + 6);
            var length = ReadUInt16(data, record + 8);
            var offset = strings + ReadUInt16(data, record + 10);
            if (nameId != 6)
            {
                continue;
            }

            var text = platform is 0 or 3
                ? Encoding.BigEndianUnicode.GetString(data, offset, length)
                : Encoding.ASCII.GetString(data, offset, length);
            var clean = new string(text.Where(c => c is > ' ' and < (char)127 and not ('[' or ']' or '(' or ')' or '{' or '}' or '<' or '>' or '/' or '%')).ToArray());
            if (clean.Length > 0)
            {
                return clean;
            }
        }

        return null;
    }

    private static ushort ReadUInt16(byte[] data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset, 2));

    private static short ReadInt16(byte[] data, int offset) => BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(offset, 2));

    private static uint ReadUInt32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset, 4));

    private static int ReadInt32(byte[] data, int offset) => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset, 4));
}
