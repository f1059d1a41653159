using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>On the lot's stream, right after it was packed: the market it was packed for and the codes it carries.</summary>
public sealed record LotCodesRecorded(Market? Market, IReadOnlyList<string> GrowingAreaCodes, IReadOnlyList<string> PackingHouseCodes, Instant RecordedAt);

public static class LotCodes
{
    /// <summary>
    /// The codes a lot packed on <paramref name="packedOn"/> for <paramref name="market"/> carries: for an export market the
    /// growing-area codes of its area and the packing-house codes of its cooperative approved for that market that day (at
    /// least one of each, else the packing is refused, naming what is missing); for the domestic market, or none, every
    /// code of both (nothing is required). No market and no code: nothing to record.
    /// </summary>
    public static Decision Decide(
        Market? market, LocalDate packedOn, IReadOnlyList<ComplianceCode> areaCodes, IReadOnlyList<ComplianceCode> packingHouseCodes, Instant now)
    {
        if (market is not { } m || !m.IsExport())
        {
            return market is null && areaCodes.Count == 0 && packingHouseCodes.Count == 0
                ? Decision.Accept()
                : Decision.Accept(new LotCodesRecorded(market, Codes(areaCodes), Codes(packingHouseCodes), now));
        }

        var areas = areaCodes.Where(c => c.StatusOn(m, packedOn) == MarketStatus.Approved).ToList();
        var houses = packingHouseCodes.Where(c => c.StatusOn(m, packedOn) == MarketStatus.Approved).ToList();
        var reasons = new List<string>();
        if (areas.Count == 0)
        {
            reasons.Add(Why("growing area", m, packedOn, areaCodes));
        }

        if (houses.Count == 0)
        {
            reasons.Add(Why("packing house", m, packedOn, packingHouseCodes));
        }

        return reasons.Count > 0
            ? Decision.Reject(CodeErrors.ExportCodeMissing(m, packedOn, reasons))
            : Decision.Accept(new LotCodesRecorded(m, Codes(areas), Codes(houses), now));
    }

    private static List<string> Codes(IEnumerable<ComplianceCode> codes) => codes.OrderBy(c => c.RegisteredAt).Select(c => c.Code).ToList();

    private static string Why(string holder, Market market, LocalDate on, IReadOnlyList<ComplianceCode> codes) =>
        codes.Count == 0 ? $"The {holder} has no registered code."
        : string.Join(" ", codes.Select(c => c.StatusOn(market, on) == MarketStatus.Suspended
            ? $"The {holder} code {c.Code} is suspended for {Markets.Name(market)}."
            : $"The {holder} code {c.Code} is not approved for {Markets.Name(market)} on that date."));
}
