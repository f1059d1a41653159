using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record GetCertificate(Caller Caller, Guid Id) : IQuery<CertificateView>;

public sealed class GetCertificateHandler(IQuerySession session, IClock clock) : IQueryHandler<GetCertificate, CertificateView>
{
    public async ValueTask<CertificateView> Handle(GetCertificate query, CancellationToken cancellationToken)
    {
        var certificate = await session.LoadAsync<Certificate>(query.Id, cancellationToken);
        if (certificate is null || (query.Caller.Role == Role.Auditor && !certificate.IsOfBody(query.Caller)))
        {
            throw Problems.NotFound("certificate");
        }

        // A household or cooperative sees the certificate with its own growing areas only.
        var areas = await session.VisibleAreasAsync(query.Caller, certificate.GrowingAreaIds, cancellationToken);
        return areas is { Count: 0 }
            ? throw Problems.NotFound("certificate")
            : CertificateView.Of(certificate, clock.GetCurrentInstant(), areas);
    }
}
