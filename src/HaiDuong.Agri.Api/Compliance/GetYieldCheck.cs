using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

public sealed record FlaggedLot(Guid LotId, string LotCode, LocalDate PackedOn, decimal PackedKg, decimal AreaPackedKg);

public sealed record YieldYear(int Year, decimal PackedKg, bool Exceeded, IReadOnlyList<FlaggedLot> FlaggedLots);

/// <summary>
/// A growing area's code-borrowing check: its hectares, its crop's plausible yield per hectare (null: the crop has none
/// and is not checked), what that makes a year, and per year what was packed from it and which lots were flagged.
/// </summary>
public sealed record YieldCheck(
    Guid GrowingAreaId, string Crop, bool Coded, decimal Hectares, decimal? PlausibleKgPerHectare, decimal? PlausibleKgPerYear, IReadOnlyList<YieldYear> Years);

public sealed record GetYieldCheck(Caller Caller, Guid GrowingAreaId) : IQuery<YieldCheck>;

public sealed class GetYieldCheckHandler(IQuerySession session) : IQueryHandler<GetYieldCheck, YieldCheck>
{
    public async ValueTask<YieldCheck> Handle(GetYieldCheck query, CancellationToken cancellationToken)
    {
        var area = await session.LoadAsync<GrowingArea>(query.GrowingAreaId, cancellationToken);
        if (area is null || !(query.Caller.Role is Role.Admin or Role.Auditor || query.Caller.ActsFor(area.HouseholdId, area.CooperativeId)))
        {
            throw Problems.NotFound("growing area");
        }

        var coded = await session.Query<ComplianceCode>().AnyAsync(c => c.HolderId == area.Id, cancellationToken);
        var lots = await session.Query<LotDetails>().Where(l => l.GrowingAreaId == area.Id).ToListAsync(cancellationToken);
        var yield = CodeBorrowing.Yields.For(area.Crop);
        var plausible = yield is null ? (decimal?)null : CodeBorrowing.PlausibleKg(area.AreaM2, yield);
        var years = lots.GroupBy(l => l.PackedOn.Year).OrderBy(g => g.Key).Select(g =>
        {
            var packedKg = g.Sum(l => (long)l.UnitCount * l.NetWeightGrams) / 1000m;
            var flagged = g.Where(l => l.YieldFlag is not null).OrderBy(l => l.PackedOn)
                .Select(l => new FlaggedLot(l.Id, l.LotCode, l.PackedOn, (long)l.UnitCount * l.NetWeightGrams / 1000m, l.YieldFlag!.PackedKg))
                .ToList();
            return new YieldYear(g.Key, packedKg, plausible is { } max && packedKg > max, flagged);
        }).ToList();
        return new YieldCheck(area.Id, area.Crop, coded, area.AreaM2 / 10_000m, yield?.MaxKgPerHectare, plausible, years);
    }
}
