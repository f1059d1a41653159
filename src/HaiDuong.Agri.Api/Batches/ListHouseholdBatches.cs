using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>
/// A batch as the household's phone lists it. <see cref="HarvestAllowedFrom"/> is set while a pre-harvest interval still
/// runs today (Việt Nam time): the first day a harvest is allowed.
/// </summary>
public sealed record HouseholdBatch(
    Guid Id,
    string Crop,
    string? Variety,
    string? Season,
    Guid GrowingAreaId,
    string? GrowingAreaName,
    BatchStatus Status,
    LocalDate? PlantedOn,
    LocalDate? SafeHarvestFrom,
    LocalDate? HarvestAllowedFrom,
    decimal HarvestedKg,
    Instant StartedAt,
    Instant LastRecordedAt,
    long Version);

public sealed record HouseholdBatchPage(IReadOnlyList<HouseholdBatch> Items, int Page, int? NextPage);

public sealed record ListHouseholdBatches(Caller Caller, Guid HouseholdId, int Page) : IQuery<HouseholdBatchPage>;

public sealed class ListHouseholdBatchesHandler(IQuerySession session, IClock clock) : IQueryHandler<ListHouseholdBatches, HouseholdBatchPage>
{
    public const int PageSize = 50;
    public const int MaxPage = 1000;

    public async ValueTask<HouseholdBatchPage> Handle(ListHouseholdBatches query, CancellationToken cancellationToken)
    {
        if (query.Page is < 1 or > MaxPage)
        {
            throw Problems.Malformed("page", $"page must be 1 to {MaxPage}.");
        }

        await session.LoadForAsync(query.Caller, query.HouseholdId, "householdId", cancellationToken);
        var skip = (query.Page - 1) * PageSize;
        var take = PageSize + 1;
        var batches = await session.Query<BatchDetails>()
            .Where(b => b.HouseholdId == query.HouseholdId)
            .OrderByDescending(b => b.StartedAt)
            .Skip(skip)
            .Take(take)
            .ToListAsync(cancellationToken);
        var page = batches.Take(PageSize).ToList();
        var areas = (await session.LoadManyAsync<GrowingArea>(cancellationToken, page.Select(b => b.GrowingAreaId).Distinct()))
            .ToDictionary(a => a.Id, a => a.Name);
        var today = FieldTime.Today(clock.GetCurrentInstant());
        var items = page.Select(b => new HouseholdBatch(
            b.Id, b.Crop, b.Variety, b.Season, b.GrowingAreaId, areas.GetValueOrDefault(b.GrowingAreaId), b.Status, b.PlantedOn,
            b.SafeHarvestFrom, b.SafeHarvestFrom is { } safe && safe > today ? safe : null, b.HarvestedKg, b.StartedAt,
            b.LastRecordedAt, b.Version)).ToList();
        return new HouseholdBatchPage(items, query.Page, batches.Count > PageSize ? query.Page + 1 : null);
    }
}
