using HaiDuong.Agri.Domain.Certification;
using Marten;

namespace HaiDuong.Agri.Api.Certification;

public static class CertificateQueries
{
    /// <summary>Every certificate that covers the growing area.</summary>
    public static async Task<IReadOnlyList<Certificate>> CoveringAsync(this IQuerySession session, Guid growingAreaId, CancellationToken ct) =>
        await session.Query<Certificate>().Where(c => c.GrowingAreaIds.Contains(growingAreaId)).ToListAsync(ct);

    /// <summary>Fills a batch's claims: the certificates valid for its growing area on every harvest date.</summary>
    public static async Task<Batches.BatchDetails> WithClaimsAsync(this IQuerySession session, Batches.BatchDetails batch, CancellationToken ct)
    {
        batch.CertificationClaims = batch.HarvestDates.Count == 0
            ? []
            : [.. CertificateDecisions.Claims(await session.CoveringAsync(batch.GrowingAreaId, ct), batch.HarvestDates)];
        return batch;
    }
}
