using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Compliance;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

public sealed record GetCode(Caller Caller, Guid Id) : IQuery<CodeView>;

public sealed class GetCodeHandler(IQuerySession session, IClock clock) : IQueryHandler<GetCode, CodeView>
{
    public async ValueTask<CodeView> Handle(GetCode query, CancellationToken cancellationToken)
    {
        var code = await session.LoadAsync<ComplianceCode>(query.Id, cancellationToken);
        return code is not null && query.Caller.MayRead(code) ? CodeView.Of(code, clock.GetCurrentInstant()) : throw Problems.NotFound("code");
    }
}
