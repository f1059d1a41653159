using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using HaiDuong.Agri.Domain.Batches;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>An active ingredient a market bans, and why.</summary>
public sealed record BannedIngredient(string ActiveIngredient, string? Note);

/// <summary>
/// A market's rules for the spray records of what is packed for it, as data: the minimum days between a spray and a
/// harvest (on top of each product's own pre-harvest interval: both must be kept), the active ingredients it bans, and the
/// fields each spray record must have.
/// </summary>
public sealed record MarketRules(
    Market Market,
    string Version,
    string Title,
    string Source,
    int MinimumDaysFromLastSprayToHarvest,
    IReadOnlyList<BannedIngredient> BannedActiveIngredients,
    IReadOnlyList<string> RequiredSprayFields)
{
    /// <summary>The spray record fields a rule may require (the API's names of a pesticide input).</summary>
    public static readonly IReadOnlyList<string> SprayFields =
        ["productName", "activeIngredient", "dose", "unit", "appliedOn", "preHarvestIntervalDays", "operator", "reason"];
}

/// <summary>One spray that breaks a market rule: which step, which rule (<c>spray-interval</c>, <c>banned-ingredient</c>, <c>missing-field</c>) and how.</summary>
public sealed record RuleOffence(Guid StepId, string ProductName, LocalDate AppliedOn, string Rule, string Message);

/// <summary>The market rules shipped with the system (embedded JSON, one file per market).</summary>
public static class MarketRuleBook
{
    public const string SprayInterval = "spray-interval";
    public const string BannedIngredientRule = "banned-ingredient";
    public const string MissingField = "missing-field";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private static readonly Lazy<FrozenDictionary<Market, MarketRules>> All = new(Load);

    public static MarketRules For(Market market) => All.Value[market];

    /// <summary>
    /// Every offence of the batch's sprays against the market's rules, for a lot packed on <paramref name="packedOn"/>: a
    /// pesticide applied before a harvest of that lot (dated up to the packing date) must be at least the market's minimum
    /// days and its own pre-harvest interval before it; its active ingredients must not be banned; its record must have
    /// every required field. Answers each offence once per step and rule, in the order the sprays were applied.
    /// </summary>
    public static IReadOnlyList<RuleOffence> Offences(MarketRules rules, IEnumerable<InputApplied> pesticides, IEnumerable<LocalDate> harvestDates, LocalDate packedOn)
    {
        var harvests = harvestDates.Where(h => h <= packedOn).Order().ToList();
        var market = Markets.Name(rules.Market);
        var offences = new List<RuleOffence>();
        foreach (var spray in pesticides.OrderBy(p => p.AppliedOn))
        {
            var harvest = harvests.FirstOrDefault(h => h >= spray.AppliedOn);
            if (harvests.Any(h => h >= spray.AppliedOn))
            {
                var days = Period.DaysBetween(spray.AppliedOn, harvest);
                var needed = Math.Max(rules.MinimumDaysFromLastSprayToHarvest, spray.PreHarvestIntervalDays ?? 0);
                if (days < needed)
                {
                    offences.Add(new RuleOffence(
                        spray.StepId, spray.ProductName, spray.AppliedOn, SprayInterval,
                        $"{spray.ProductName} sprayed on {spray.AppliedOn:yyyy-MM-dd} was harvested {days} days later (on {harvest:yyyy-MM-dd}); {market} needs at least {needed}."));
                }
            }

            var banned = rules.BannedActiveIngredients.Where(b => Ingredients(spray.ActiveIngredient).Contains(b.ActiveIngredient, StringComparer.OrdinalIgnoreCase)).ToList();
            offences.AddRange(banned.Select(b => new RuleOffence(
                spray.StepId, spray.ProductName, spray.AppliedOn, BannedIngredientRule,
                $"{spray.ProductName} sprayed on {spray.AppliedOn:yyyy-MM-dd} contains {b.ActiveIngredient}, banned for {market}{(b.Note is null ? "" : $" ({b.Note})")}.")));

            var missing = rules.RequiredSprayFields.Where(f => IsMissing(spray, f)).ToList();
            if (missing.Count > 0)
            {
                offences.Add(new RuleOffence(
                    spray.StepId, spray.ProductName, spray.AppliedOn, MissingField,
                    $"The record of {spray.ProductName} sprayed on {spray.AppliedOn:yyyy-MM-dd} lacks {string.Join(", ", missing)}, required for {market}."));
            }
        }

        return offences;
    }

    /// <summary>The active ingredients of a product, as written: <c>Metalaxyl-M + Mancozeb</c> is two.</summary>
    private static IEnumerable<string> Ingredients(string? text) =>
        (text ?? "").Split(['+', ',', ';', '/'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool IsMissing(InputApplied spray, string field) => field switch
    {
        "activeIngredient" => string.IsNullOrWhiteSpace(spray.ActiveIngredient),
        "preHarvestIntervalDays" => spray.PreHarvestIntervalDays is null,
        "operator" => string.IsNullOrWhiteSpace(spray.Operator),
        "reason" => string.IsNullOrWhiteSpace(spray.Reason),
        _ => false,
    };

    private static FrozenDictionary<Market, MarketRules> Load() =>
        Enum.GetValues<Market>().ToFrozenDictionary(market => market, market =>
        {
            var name = $"HaiDuong.Agri.Domain.Compliance.MarketRules.{Markets.Name(market)}.json";
            using var stream = typeof(MarketRuleBook).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The market rules resource {name} is missing.");
            var rules = JsonSerializer.Deserialize<MarketRules>(stream, Json)
                ?? throw new InvalidOperationException($"The market rules resource {name} is empty.");
            var unknown = rules.RequiredSprayFields.Except(MarketRules.SprayFields).ToList();
            return rules.Market != market ? throw new InvalidOperationException($"The market rules resource {name} is for {rules.Market}.")
                : unknown.Count > 0 ? throw new InvalidOperationException($"The market rules resource {name} requires unknown fields {string.Join(", ", unknown)}.")
                : rules;
        });
}
