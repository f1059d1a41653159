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

    /// <summary>
    /// The households of a commune that <paramref name="scope"/> sees (indexed on the commune): batches, lots and listings
    /// belong to a commune through their household, as the province statistics count them.
    /// </summary>
    public static async Task<Guid[]> HouseholdsInCommuneAsync(this IQuerySession session, string communeCode, ListScope scope, CancellationToken ct)
    {
        var households = session.Query<Household>().Where(h => h.CommuneCode == communeCode);
        if (scope.CooperativeId is { } cooperativeId)
        {
            households = households.Where(h => h.CooperativeId == cooperativeId);
        }

        if (scope.HouseholdId is { } householdId)
        {
            households = households.Where(h => h.Id == householdId);
        }

        return [.. await households.Select(h => h.Id).ToListAsync(ct)];
    }

    /// <summary>The names of these households (for list pages), by id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> HouseholdNamesAsync(this IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Household>(ct, distinct)).ToDictionary(h => h.Id, h => h.Name);
    }
}
