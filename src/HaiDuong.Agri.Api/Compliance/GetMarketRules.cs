using HaiDuong.Agri.Domain.Compliance;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>A market's rules as clients read them.</summary>
public sealed record MarketRulesView(
    Market Market,
    string Version,
    string Title,
    string Source,
    int MinimumDaysFromLastSprayToHarvest,
    IReadOnlyList<BannedIngredient> BannedActiveIngredients,
    IReadOnlyList<string> RequiredSprayFields)
{
    public static MarketRulesView Of(MarketRules r) =>
        new(r.Market, r.Version, r.Title, r.Source, r.MinimumDaysFromLastSprayToHarvest, r.BannedActiveIngredients, r.RequiredSprayFields);
}
