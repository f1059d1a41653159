namespace HaiDuong.Agri.Labels.Fonts;

/// <summary>
/// Noto Sans Regular and Bold (SIL OFL 1.1, see Fonts/OFL.txt), subset to Latin and Vietnamese (Fonts/README.md says
/// how), shipped inside this assembly and loaded once. SkiaSharp embeds these files whole in every PDF.
/// </summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<LabelFont> LazyRegular = new(() => Load("NotoSans-Regular-LatinVi.ttf"));
    private static readonly Lazy<LabelFont> LazyBold = new(() => Load("NotoSans-Bold-LatinVi.ttf"));

    public static LabelFont Regular => LazyRegular.Value;

    public static LabelFont Bold => LazyBold.Value;

    private static LabelFont Load(string fileName)
    {
        var name = "HaiDuong.Agri.Labels.Fonts." + fileName;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font resource '{name}' is missing from the assembly.");
        using var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        return LabelFont.Load(copy.ToArray());
    }
}
