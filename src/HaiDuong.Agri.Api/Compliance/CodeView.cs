using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>A code's standing in one market today, with the date of the change that set it.</summary>
public sealed record CodeMarketView(Market Market, MarketStatus Status, LocalDate Since);

/// <summary>A growing-area or packing-house code as clients see it: its standing per market today and every change, with who and when.</summary>
public sealed record CodeView(
    Guid Id,
    string Code,
    CodeKind Kind,
    Guid? GrowingAreaId,
    Guid? CooperativeId,
    string? IssuingAuthority,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<CodeMarketView> Markets,
    IReadOnlyList<MarketChange> History,
    RecordedBy RegisteredBy,
    Instant RegisteredAt,
    long Version)
{
    public static CodeView Of(ComplianceCode c, Instant now)
    {
        var today = FieldTime.Today(now);
        var markets = c.History.Select(h => h.Market).Distinct().Order()
            .Select(m => new CodeMarketView(m, c.StatusOn(m, today), c.History.LastOrDefault(h => h.Market == m && h.On <= today)?.On ?? c.History.First(h => h.Market == m).On))
            .ToList();
        return new CodeView(
            c.Id, c.Code, c.Kind, c.Kind == CodeKind.GrowingArea ? c.HolderId : null, c.CooperativeId, c.IssuingAuthority, c.Warnings, markets,
            c.History, c.RegisteredBy, c.RegisteredAt, c.Version);
    }
}

public static class CodeAccess
{
    /// <summary>Who recorded a change: the caller's role and key.</summary>
    public static RecordedBy Recorder(this Caller caller) => new(Caller.RoleName(caller.Role), caller.KeyId);

    /// <summary>
    /// Whether the caller may read a code: admins and auditors any; a growing area's code its household and cooperative; a
    /// packing-house code its cooperative.
    /// </summary>
    public static bool MayRead(this Caller caller, ComplianceCode code) =>
        caller.Role is Role.Admin or Role.Auditor
        || (code.Kind == CodeKind.GrowingArea && code.HouseholdId is { } household && caller.ActsFor(household, code.CooperativeId))
        || (code.Kind == CodeKind.PackingHouse && caller.Role == Role.Cooperative && caller.CooperativeId == code.CooperativeId);
}
