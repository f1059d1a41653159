using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>An auditor allowed a batch's lots to be packed for a market despite its spray records breaking the market's rules, saying why.</summary>
public sealed record MarketRulesOverridden(Guid OverrideId, Guid BatchId, Market Market, string Reason, RecordedBy By, Instant RecordedAt);

/// <summary>On the lot's stream: it was packed for its market under an auditor's override; the offences it overrode.</summary>
public sealed record LotPackedUnderOverride(Guid OverrideId, string Reason, RecordedBy By, IReadOnlyList<RuleOffence> Offences, Instant RecordedAt);

/// <summary>An override: the stream's state and its read model.</summary>
public sealed record MarketRuleOverride(Guid Id, Guid BatchId, Market Market, string Reason, RecordedBy By, Instant RecordedAt)
{
    public long Version { get; init; }

    public static MarketRuleOverride From(MarketRulesOverridden e) => new(e.OverrideId, e.BatchId, e.Market, e.Reason, e.By, e.RecordedAt);
}

public static class MarketRuleDecisions
{
    public const string MarketRulesBrokenCode = "market-rules-broken";

    /// <summary>
    /// Packing for <paramref name="market"/>: accepted when the batch's sprays keep the market's rules; otherwise refused
    /// naming each offending step, unless an auditor's override for the batch and market stands (then recorded on the lot).
    /// </summary>
    public static Decision Check(
        Market market, IReadOnlyList<RuleOffence> offences, MarketRuleOverride? standing, Instant now) =>
        offences.Count == 0 ? Decision.Accept()
        : standing is { } o ? Decision.Accept(new LotPackedUnderOverride(o.Id, o.Reason, o.By, offences, now))
        : Decision.Reject(new DomainError(
            MarketRulesBrokenCode, "The spray records break the market's rules",
            $"Packing for {Markets.Name(market)} is refused: " + string.Join(" ", offences.Select(x => x.Message))
            + " An auditor may override with a recorded reason.")
        {
            Data = new Dictionary<string, object?>
            {
                ["market"] = Markets.Name(market),
                ["offences"] = offences.Select(x => new Dictionary<string, object?>
                {
                    ["stepId"] = x.StepId,
                    ["productName"] = x.ProductName,
                    ["appliedOn"] = x.AppliedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    ["rule"] = x.Rule,
                    ["message"] = x.Message,
                }).ToList(),
            },
        });
}
