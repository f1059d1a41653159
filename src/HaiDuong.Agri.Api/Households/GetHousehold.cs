using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Households;

public sealed record GetHousehold(Caller Caller, Guid Id) : IQuery<HouseholdView>;

public sealed class GetHouseholdHandler(IQuerySession session) : IQueryHandler<GetHousehold, HouseholdView>
{
    public async ValueTask<HouseholdView> Handle(GetHousehold query, CancellationToken cancellationToken)
    {
        var household = await session.LoadAsync<Household>(query.Id, cancellationToken);
        if (household is null || !query.Caller.ActsFor(household.Id, household.CooperativeId))
        {
            throw Problems.NotFound("household");
        }

        var register = await session.LoadAsync<ProvinceRegister>(ProvinceRegister.StreamId(household.ProvinceCode), cancellationToken);
        return HouseholdView.Of(household, register);
    }
}
