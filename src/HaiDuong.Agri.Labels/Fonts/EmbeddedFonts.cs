namespace HaiDuong.Agri.Labels.Fonts;

/// <summary>
/// Noto Sans Regular and Bold (SIL OFL 1.1, see Fonts/OFL.txt), cut down once to Latin + Vietnamese (Fonts/README.md
/// says how), shipped inside this assembly and parsed once. Every PDF embeds these files whole.
/// </summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<TrueTypeFont> LazyRegular = new(() => Load("NotoSans-Regular-LatinVi.ttf"));
    private static readonly Lazy<TrueTypeFont> LazyBold = new(() => Load("NotoSans-Bold-LatinVi.ttf"));

    public static TrueTypeFont Regular => LazyRegular.Value;

    public static TrueTypeFont Bold => LazyBold.Value;

    private static TrueTypeFont Load(string fileName)
    {
        var name = "HaiDuong.Agri.Labels.Fonts." + fileName;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font resource '{name}' is missing from the assembly.");
        using var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        return TrueTypeFont.Parse(copy.ToArray());
    }
}
