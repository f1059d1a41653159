using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Households;

public sealed record GetHousehold(Caller Caller, Guid Id) : IQuery<Household>;

public sealed class GetHouseholdHandler(IQuerySession session) : IQueryHandler<GetHousehold, Household>
{
    public async ValueTask<Household> Handle(GetHousehold query, CancellationToken cancellationToken)
    {
        var household = await session.LoadAsync<Household>(query.Id, cancellationToken);
        return household is not null && query.Caller.ActsFor(household.Id, household.CooperativeId)
            ? household
            : throw Problems.NotFound("household");
    }
}
