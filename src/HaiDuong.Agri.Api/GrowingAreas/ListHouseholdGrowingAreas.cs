using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.GrowingAreas;

public sealed record GrowingAreaList(IReadOnlyList<GrowingArea> Items);

public sealed record ListHouseholdGrowingAreas(Caller Caller, Guid HouseholdId) : IQuery<GrowingAreaList>;

public sealed class ListHouseholdGrowingAreasHandler(IQuerySession session) : IQueryHandler<ListHouseholdGrowingAreas, GrowingAreaList>
{
    /// <summary>A household farms a few areas; the list is bounded all the same.</summary>
    public const int MaxItems = 500;

    public async ValueTask<GrowingAreaList> Handle(ListHouseholdGrowingAreas query, CancellationToken cancellationToken)
    {
        await session.LoadForAsync(query.Caller, query.HouseholdId, "householdId", cancellationToken);
        var areas = await session.Query<GrowingArea>()
            .Where(a => a.HouseholdId == query.HouseholdId)
            .OrderBy(a => a.Name)
            .Take(MaxItems)
            .ToListAsync(cancellationToken);
        return new GrowingAreaList(areas);
    }
}
