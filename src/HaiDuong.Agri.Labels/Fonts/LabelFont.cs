using SkiaSharp;

namespace HaiDuong.Agri.Labels.Fonts;

/// <summary>
/// One typeface of the labels and cards. Text is measured and placed with the font's design advances (hinting off,
/// linear metrics): exactly the widths SkiaSharp's PDF backend writes in the font's /W array, so a line measured here
/// is as wide in every viewer, and each line comes out as one text-showing operator instead of one per glyph.
/// </summary>
internal sealed class LabelFont
{
    private readonly ushort[] _glyphOfChar;
    private readonly float[] _advanceUnits;
    private readonly int _unitsPerEm;

    private LabelFont(SKTypeface typeface)
    {
        Typeface = typeface;
        _unitsPerEm = typeface.UnitsPerEm;
        var characters = new int[char.MaxValue + 1];
        for (var c = 0; c < characters.Length; c++)
        {
            characters[c] = c;
        }

        using var font = CreateFont(_unitsPerEm);
        _glyphOfChar = font.GetGlyphs(characters);
        var glyphs = new ushort[typeface.GlyphCount];
        for (var glyph = 0; glyph < glyphs.Length; glyph++)
        {
            glyphs[glyph] = (ushort)glyph;
        }

        // At one em per unit the widths are the design advances, give or take the scaler's fixed-point rounding.
        _advanceUnits = font.GetGlyphWidths(glyphs);
        for (var glyph = 0; glyph < _advanceUnits.Length; glyph++)
        {
            _advanceUnits[glyph] = MathF.Round(_advanceUnits[glyph]);
        }

        CapHeight = font.Metrics.CapHeight / _unitsPerEm;
    }

    public SKTypeface Typeface { get; }

    /// <summary>The height of capital letters, in ems.</summary>
    public double CapHeight { get; }

    public static LabelFont Load(byte[] trueType)
    {
        using var data = SKData.CreateCopy(trueType);
        var typeface = SKTypeface.FromData(data)
            ?? throw new InvalidOperationException("SkiaSharp cannot read the embedded font.");
        return new LabelFont(typeface);
    }

    /// <summary>Whether the font has a glyph for <paramref name="c"/> (one of the BMP).</summary>
    public bool Has(char c) => _glyphOfChar[c] != 0;

    /// <summary>The width of <paramref name="text"/> at <paramref name="size"/> points.</summary>
    public double Measure(ReadOnlySpan<char> text, double size)
    {
        double units = 0;
        foreach (var c in text)
        {
            units += _advanceUnits[_glyphOfChar[c]];
        }

        return units * size / _unitsPerEm;
    }

    /// <summary>
    /// Draws <paramref name="text"/> (BMP characters the font has, as <see cref="LabelFaceLayout.Clean"/> leaves them) with
    /// its baseline starting at (<paramref name="x"/>, <paramref name="baseline"/>), no shaping or kerning.
    /// </summary>
    public void Draw(SKCanvas canvas, SKPaint paint, string text, double size, double x, double baseline)
    {
        if (text.Length == 0)
        {
            return;
        }

        var glyphs = new ushort[text.Length];
        var positions = new float[text.Length];

        // Skia's PDF backend writes one glyph string while each position equals the sum of the previous glyphs'
        // advances computed its way (size / em × design advance, in single precision) and starts a new one otherwise.
        var scale = (float)size / _unitsPerEm;
        var pen = 0f;
        for (var i = 0; i < text.Length; i++)
        {
            var glyph = _glyphOfChar[text[i]];
            glyphs[i] = glyph;
            positions[i] = pen;
            pen += scale * _advanceUnits[glyph];
        }

        using var font = CreateFont(size);
        using var builder = new SKTextBlobBuilder();
        builder.AddHorizontalRun(glyphs, font, positions, 0);
        using var blob = builder.Build();
        canvas.DrawText(blob, (float)x, (float)baseline, paint);
    }

    private SKFont CreateFont(double size) => new(Typeface, (float)size)
    {
        Hinting = SKFontHinting.None,
        LinearMetrics = true,
        Subpixel = true,
        Edging = SKFontEdging.Antialias,
    };
}
