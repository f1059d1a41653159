using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.GrowingAreas;

public sealed record GetGrowingArea(Caller Caller, Guid Id) : IQuery<GrowingArea>;

public sealed class GetGrowingAreaHandler(IQuerySession session) : IQueryHandler<GetGrowingArea, GrowingArea>
{
    public async ValueTask<GrowingArea> Handle(GetGrowingArea query, CancellationToken cancellationToken)
    {
        var area = await session.LoadAsync<GrowingArea>(query.Id, cancellationToken);
        return area is not null && query.Caller.ActsFor(area.HouseholdId, area.CooperativeId)
            ? area
            : throw Problems.NotFound("growing area");
    }
}
