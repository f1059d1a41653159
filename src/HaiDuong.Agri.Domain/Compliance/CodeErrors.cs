using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>The refusals of the code rules; codes are part of the API (problem types).</summary>
public static class CodeErrors
{
    public const string CodeHeldElsewhereCode = "code-held-elsewhere";
    public const string AlreadyApprovedCode = "market-already-approved";
    public const string NotApprovedCode = "market-not-approved";
    public const string AlreadySuspendedCode = "market-already-suspended";
    public const string NotSuspendedCode = "market-not-suspended";
    public const string ChangeBeforeLatestCode = "market-change-out-of-order";
    public const string ExportCodeMissingCode = "export-code-not-approved";

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static DomainError CodeHeldElsewhere(string code, CodeKind kind) => new(
        CodeHeldElsewhereCode, "The code is held by another holder",
        $"The code {code} is already registered for another {(kind == CodeKind.GrowingArea ? "growing area" : "packing house")}; a code identifies one growing area or one packing house.");

    public static DomainError AlreadyApproved(Market market, LocalDate since) => new(
        AlreadyApprovedCode, "The code is already approved for the market",
        $"The code has been approved for {Markets.Name(market)} since {Iso(since)}.");

    public static DomainError NotApproved(Market market) => new(
        NotApprovedCode, "The code is not approved for the market",
        $"The code was never approved for {Markets.Name(market)}; record its approval first.");

    public static DomainError AlreadySuspended(Market market, LocalDate since) => new(
        AlreadySuspendedCode, "The code is already suspended for the market",
        $"{Markets.Name(market)} has suspended the code since {Iso(since)}; reinstate it first.");

    public static DomainError NotSuspended(Market market) => new(
        NotSuspendedCode, "The code is not suspended for the market", $"Only a code suspended for {Markets.Name(market)} can be reinstated there.");

    public static DomainError ChangeBeforeLatest(Market market, MarketChange latest) => new(
        ChangeBeforeLatestCode, "The change is dated before the market's latest change",
        $"The code's {latest.Change} for {Markets.Name(market)} is dated {Iso(latest.On)}; a later change cannot be dated earlier.");

    public static DomainError ExportCodeMissing(Market market, LocalDate packedOn, IReadOnlyList<string> reasons) => new(
        ExportCodeMissingCode, "The lot's codes are not approved for the market",
        $"Packing on {Iso(packedOn)} for {Markets.Name(market)} needs a growing-area code and a packing-house code approved for it: "
        + string.Join(" ", reasons))
    {
        Data = new Dictionary<string, object?> { ["market"] = Markets.Name(market), ["reasons"] = reasons },
    };
}
