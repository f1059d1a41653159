using System.Text.RegularExpressions;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

public sealed record RegisterCode(Guid CodeId, string Code, CodeKind Kind, Guid HolderId, Guid? HouseholdId, Guid? CooperativeId, string? IssuingAuthority, RecordedBy By);

/// <summary>A change of a code's standing in one market, dated when the market's authority made it.</summary>
public sealed record ChangeMarketStatus(Market Market, LocalDate On, string? Reason, RecordedBy By);

public static partial class CodeDecisions
{
    /// <summary>
    /// What the soft format check says about a code as issued: the known patterns are <c>VN-&lt;letters&gt;OR-&lt;4 digits&gt;</c>
    /// for a growing area (e.g. <c>VN-HDOR-0012</c>) and <c>VN-&lt;letters&gt;PH-&lt;4 digits&gt;</c> for a packing house
    /// (<c>VN-HDPH-0003</c>). Anything else is accepted with a warning: authorities have issued other forms.
    /// </summary>
    public static IReadOnlyList<string> FormatWarnings(string code, CodeKind kind)
    {
        var trimmed = code.Trim();
        var (pattern, example, other, otherKind) = kind == CodeKind.GrowingArea
            ? (GrowingAreaPattern(), "VN-HDOR-0012", PackingHousePattern(), "packing-house")
            : (PackingHousePattern(), "VN-HDPH-0003", GrowingAreaPattern(), "growing-area");
        return pattern.IsMatch(trimmed) ? []
            : other.IsMatch(trimmed) ? [$"The code looks like a {otherKind} code, not a {KindName(kind)} code (such as {example})."]
            : [$"The code does not follow the known pattern of a {KindName(kind)} code (such as {example}); it is kept as given."];
    }

    public static string KindName(CodeKind kind) => kind == CodeKind.GrowingArea ? "growing-area" : "packing-house";

    public static ComplianceCodeRegistered Register(RegisterCode c, Instant now) =>
        new(c.CodeId, c.Code.Trim(), c.Kind, c.HolderId, c.HouseholdId, c.CooperativeId, c.IssuingAuthority, FormatWarnings(c.Code, c.Kind), c.By, now);

    /// <summary>An approval: not while the market's approval stands (suspended or not), and not dated before the market's latest change.</summary>
    public static Decision Approve(ComplianceCode code, ChangeMarketStatus c, Instant now) =>
        code.Latest(c.Market) is { } latest
            ? latest.Change == ComplianceCode.Suspension
                ? Decision.Reject(CodeErrors.AlreadySuspended(c.Market, latest.On))
                : Decision.Reject(CodeErrors.AlreadyApproved(c.Market, code.History.Last(h => h.Market == c.Market && h.Change == ComplianceCode.Approval).On))
            : Decision.Accept(new CodeMarketApproved(c.Market, c.On, c.Reason, c.By, now));

    /// <summary>A suspension: only of an approved, not suspended code, dated on or after the market's latest change.</summary>
    public static Decision Suspend(ComplianceCode code, ChangeMarketStatus c, Instant now) =>
        code.Latest(c.Market) is not { } latest ? Decision.Reject(CodeErrors.NotApproved(c.Market))
        : latest.Change == ComplianceCode.Suspension ? Decision.Reject(CodeErrors.AlreadySuspended(c.Market, latest.On))
        : c.On < latest.On ? Decision.Reject(CodeErrors.ChangeBeforeLatest(c.Market, latest))
        : Decision.Accept(new CodeMarketSuspended(c.Market, c.On, c.Reason!, c.By, now));

    /// <summary>A reinstatement: only of a suspended code, dated on or after its suspension.</summary>
    public static Decision Reinstate(ComplianceCode code, ChangeMarketStatus c, Instant now) =>
        code.Latest(c.Market) is not { Change: ComplianceCode.Suspension } latest ? Decision.Reject(CodeErrors.NotSuspended(c.Market))
        : c.On < latest.On ? Decision.Reject(CodeErrors.ChangeBeforeLatest(c.Market, latest))
        : Decision.Accept(new CodeMarketReinstated(c.Market, c.On, c.Reason, c.By, now));

    [GeneratedRegex("^VN-[A-Z]+OR-[0-9]{4}$")]
    private static partial Regex GrowingAreaPattern();

    [GeneratedRegex("^VN-[A-Z]+PH-[0-9]{4}$")]
    private static partial Regex PackingHousePattern();
}
