using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Households;
using Marten;

namespace HaiDuong.Agri.Api.Households;

public static class HouseholdAccess
{
    /// <summary>The household named in a request body, if the caller may act for it; otherwise 404 naming the field.</summary>
    public static async Task<Household> LoadForAsync(this IQuerySession session, Caller caller, Guid householdId, string field, CancellationToken ct)
    {
        var household = await session.LoadAsync<Household>(householdId, ct);
        return household is not null && caller.ActsFor(household.Id, household.CooperativeId)
            ? household
            : throw Problems.NotFound("household", field);
    }
}
