namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>A market a code is approved for; written kebab-case in the API (<c>united-states</c>), its ISO code also accepted.</summary>
public enum Market
{
    China,
    UnitedStates,
    Japan,
    Australia,
    Eu,
    Domestic,
}

public static class Markets
{
    private static readonly IReadOnlyDictionary<string, Market> IsoCodes = new Dictionary<string, Market>(StringComparer.OrdinalIgnoreCase)
    {
        ["CN"] = Market.China,
        ["US"] = Market.UnitedStates,
        ["JP"] = Market.Japan,
        ["AU"] = Market.Australia,
        ["EU"] = Market.Eu,
        ["VN"] = Market.Domestic,
    };

    /// <summary>The names the API writes and reads: <c>china</c>, <c>united-states</c>, <c>japan</c>, <c>australia</c>, <c>eu</c>, <c>domestic</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<Market>().Select(Name).ToList();

    /// <summary>Every spelling accepted: the names and the ISO codes (CN, US, JP, AU, EU, VN).</summary>
    public static IReadOnlyList<string> Accepted { get; } = [.. Names, .. IsoCodes.Keys];

    public static string Name(Market market) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(market.ToString());

    /// <summary>A market from its name or ISO code (any case); null for anything else.</summary>
    public static Market? Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : IsoCodes.TryGetValue(text, out var byCode) ? byCode
        : Enum.GetValues<Market>().Select(m => (Market?)m).FirstOrDefault(m => string.Equals(Name(m!.Value), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Export markets need approved codes; the domestic market does not.</summary>
    public static bool IsExport(this Market market) => market != Market.Domestic;
}
