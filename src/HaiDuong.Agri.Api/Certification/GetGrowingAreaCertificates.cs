using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record GetGrowingAreaCertificates(Caller Caller, Guid GrowingAreaId) : IQuery<CertificateList>;

public sealed class GetGrowingAreaCertificatesHandler(IQuerySession session, IClock clock) : IQueryHandler<GetGrowingAreaCertificates, CertificateList>
{
    public async ValueTask<CertificateList> Handle(GetGrowingAreaCertificates query, CancellationToken cancellationToken)
    {
        var area = await session.LoadAsync<GrowingArea>(query.GrowingAreaId, cancellationToken);
        if (area is null || !await session.MayReadAsync(query.Caller, [area.Id], cancellationToken))
        {
            throw Problems.NotFound("growing area");
        }

        var now = clock.GetCurrentInstant();
        var certificates = await session.CoveringAsync(area.Id, cancellationToken);

        // Each certificate names only the growing areas the caller may see (a group certificate covers other farms too).
        var visible = await session.VisibleAreasAsync(query.Caller, certificates.SelectMany(c => c.GrowingAreaIds), cancellationToken);
        return new CertificateList(certificates.OrderByDescending(c => c.IssuedOn).Select(c => CertificateView.Of(c, now, visible)).ToList());
    }
}
