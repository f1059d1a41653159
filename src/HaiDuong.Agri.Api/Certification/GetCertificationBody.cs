using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Certification;

public sealed record GetCertificationBody(Caller Caller, Guid Id) : IQuery<CertificationBody>;

public sealed class GetCertificationBodyHandler(IQuerySession session) : IQueryHandler<GetCertificationBody, CertificationBody>
{
    public async ValueTask<CertificationBody> Handle(GetCertificationBody query, CancellationToken cancellationToken)
    {
        var body = await session.LoadAsync<CertificationBody>(query.Id, cancellationToken);
        return body is not null && (query.Caller.Role == Role.Admin || query.Caller.CertificationBodyId == body.Id)
            ? body
            : throw Problems.NotFound("certification body");
    }
}
