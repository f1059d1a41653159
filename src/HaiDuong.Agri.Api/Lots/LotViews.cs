using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using Marten;

namespace HaiDuong.Agri.Api.Lots;

public static class LotViews
{
    /// <summary>The lot, if the caller may act for its household (an admin, the household, its cooperative); otherwise 404.</summary>
    public static async Task<LotDetails> LoadLotForAsync(this IQuerySession session, Caller caller, Guid lotId, CancellationToken ct)
    {
        var lot = await session.LoadAsync<LotDetails>(lotId, ct);
        return lot is not null && caller.ActsFor(lot.HouseholdId, lot.CooperativeId) ? lot : throw Problems.NotFound("lot");
    }

    /// <summary>
    /// Fills what is derived when a lot is read: its Digital Link, and its claims — certificates of its growing area valid
    /// on every harvest of its batch up to the packing date.
    /// </summary>
    public static async Task<LotDetails> CompleteAsync(this IQuerySession session, LotDetails lot, PublicLinks links, CancellationToken ct)
    {
        lot.DigitalLink = links.ForLot(lot.Gtin, lot.LotCode);
        var batch = await session.LoadAsync<BatchDetails>(lot.BatchId, ct);
        var harvests = batch?.HarvestDates.Where(d => d <= lot.PackedOn).ToList() ?? [];
        lot.CertificationClaims = harvests.Count == 0
            ? []
            : [.. CertificateDecisions.Claims(await session.CoveringAsync(lot.GrowingAreaId, ct), harvests)];
        return lot;
    }
}
