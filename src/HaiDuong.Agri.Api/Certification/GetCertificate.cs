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
        var visible = certificate is not null && (query.Caller.Role == Role.Auditor
            ? certificate.IsOfBody(query.Caller)
            : await session.MayReadAsync(query.Caller, certificate.GrowingAreaIds, cancellationToken));
        return visible
            ? CertificateView.Of(certificate!, clock.GetCurrentInstant())
            : throw Problems.NotFound("certificate");
    }
}
