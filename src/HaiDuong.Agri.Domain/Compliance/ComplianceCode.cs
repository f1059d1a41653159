using System.Collections.Immutable;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

public enum MarketStatus
{
    NotApproved,
    Approved,
    Suspended,
}

/// <summary>One change of a code's standing in a market: <c>approval</c>, <c>suspension</c> or <c>reinstatement</c>.</summary>
public sealed record MarketChange(Market Market, string Change, LocalDate On, string? Reason, RecordedBy By, Instant RecordedAt);

/// <summary>A growing-area or packing-house code: the stream's state and its read model.</summary>
public sealed record ComplianceCode(
    Guid Id,
    string Code,
    CodeKind Kind,
    Guid HolderId,
    Guid? HouseholdId,
    Guid? CooperativeId,
    string? IssuingAuthority,
    IReadOnlyList<string> Warnings,
    ImmutableList<MarketChange> History,
    RecordedBy RegisteredBy,
    Instant RegisteredAt)
{
    public const string Approval = "approval";
    public const string Suspension = "suspension";
    public const string Reinstatement = "reinstatement";

    public long Version { get; init; }

    /// <summary>The code as uniqueness compares it: trimmed, upper case (one code identifies one holder).</summary>
    public string Key { get; init; } = KeyOf(Code);

    public static string KeyOf(string code) => code.Trim().ToUpperInvariant();

    /// <summary>The code's standing in a market on a date: approved from its approval, except inside a suspension (until its reinstatement).</summary>
    public MarketStatus StatusOn(Market market, LocalDate date)
    {
        var status = MarketStatus.NotApproved;
        foreach (var change in History.Where(h => h.Market == market && h.On <= date))
        {
            status = change.Change == Suspension ? MarketStatus.Suspended : MarketStatus.Approved;
        }

        return status;
    }

    /// <summary>The market's latest change, whatever its date (null: never approved).</summary>
    public MarketChange? Latest(Market market) => History.LastOrDefault(h => h.Market == market);

    public static ComplianceCode From(ComplianceCodeRegistered e) =>
        new(e.CodeId, e.Code, e.Kind, e.HolderId, e.HouseholdId, e.CooperativeId, e.IssuingAuthority, e.Warnings, [], e.By, e.RecordedAt);

    public ComplianceCode Then(object @event) => @event switch
    {
        CodeMarketApproved e => this with { History = History.Add(new MarketChange(e.Market, Approval, e.On, e.Reason, e.By, e.RecordedAt)) },
        CodeMarketSuspended e => this with { History = History.Add(new MarketChange(e.Market, Suspension, e.On, e.Reason, e.By, e.RecordedAt)) },
        CodeMarketReinstated e => this with { History = History.Add(new MarketChange(e.Market, Reinstatement, e.On, e.Reason, e.By, e.RecordedAt)) },
        _ => this,
    };
}
