using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Cooperatives;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Cooperatives;

public sealed record GetCooperative(Caller Caller, Guid Id) : IQuery<Cooperative>;

public sealed class GetCooperativeHandler(IQuerySession session) : IQueryHandler<GetCooperative, Cooperative>
{
    public async ValueTask<Cooperative> Handle(GetCooperative query, CancellationToken cancellationToken)
    {
        var cooperative = await session.LoadAsync<Cooperative>(query.Id, cancellationToken);
        var visible = cooperative is not null && (query.Caller.Role == Role.Admin || query.Caller.CooperativeId == cooperative.Id);
        return visible ? cooperative! : throw Problems.NotFound("cooperative");
    }
}
