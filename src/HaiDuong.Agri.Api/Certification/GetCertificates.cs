using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record GetCertificate(Caller Caller, Guid Id) : IQuery<CertificateView>;

public sealed record GetGrowingAreaCertificates(Caller Caller, Guid GrowingAreaId) : IQuery<CertificateList>;

public sealed record GetInspection(Caller Caller, Guid Id) : IQuery<InspectionView>;

public sealed class GetCertificatesHandler(IQuerySession session, IClock clock)
    : IQueryHandler<GetCertificate, CertificateView>,
      IQueryHandler<GetGrowingAreaCertificates, CertificateList>,
      IQueryHandler<GetInspection, InspectionView>
{
    public async ValueTask<CertificateView> Handle(GetCertificate query, CancellationToken cancellationToken)
    {
        var certificate = await session.LoadAsync<Certificate>(query.Id, cancellationToken);
        var visible = certificate is not null && (query.Caller.Role == Role.Auditor
            ? certificate.IsOfBody(query.Caller)
            : await session.MayReadAsync(query.Caller, certificate.GrowingAreaIds, cancellationToken));
        return visible
            ? CertificateView.Of(certificate!, clock.GetCurrentInstant())
            : throw Problems.NotFound("certificate");
    }

    public async ValueTask<CertificateList> Handle(GetGrowingAreaCertificates query, CancellationToken cancellationToken)
    {
        var area = await session.LoadAsync<GrowingArea>(query.GrowingAreaId, cancellationToken);
        if (area is null || !await session.MayReadAsync(query.Caller, [area.Id], cancellationToken))
        {
            throw Problems.NotFound("growing area");
        }

        var now = clock.GetCurrentInstant();
        var certificates = await session.CoveringAsync(area.Id, cancellationToken);
        return new CertificateList(certificates.OrderByDescending(c => c.IssuedOn).Select(c => CertificateView.Of(c, now)).ToList());
    }

    public async ValueTask<InspectionView> Handle(GetInspection query, CancellationToken cancellationToken)
    {
        var inspection = await session.LoadAsync<Inspection>(query.Id, cancellationToken);
        var caller = query.Caller;
        var visible = inspection is not null && caller.Role switch
        {
            Role.Admin => true,
            Role.Auditor => caller.CertificationBodyId == inspection.CertificationBodyId,
            _ => await session.MayReadAsync(caller, inspection.GrowingAreaIds, cancellationToken),
        };
        return visible ? InspectionView.Of(inspection!) : throw Problems.NotFound("inspection");
    }
}

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
