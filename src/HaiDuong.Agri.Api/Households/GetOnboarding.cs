using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Households;

public sealed record GetOnboarding(Caller Caller, Guid HouseholdId) : IQuery<OnboardingView>;

public sealed class GetOnboardingHandler(IQuerySession query) : IQueryHandler<GetOnboarding, OnboardingView>
{
    public async ValueTask<OnboardingView> Handle(GetOnboarding request, CancellationToken cancellationToken)
    {
        var household = await query.LoadAsync<Household>(request.HouseholdId, cancellationToken);
        return household is not null && request.Caller.ActsFor(household.Id, household.CooperativeId)
            ? OnboardingView.Of(household)
            : throw Problems.NotFound("household");
    }
}
