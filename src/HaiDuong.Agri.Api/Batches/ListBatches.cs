using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>A batch in a list: where and whose it is, its state and quantities (its claims are in <c>GET /batches/{id}</c>).</summary>
public sealed record BatchSummary(
    Guid Id,
    Guid HouseholdId,
    string? HouseholdName,
    Guid? CooperativeId,
    Guid GrowingAreaId,
    string? GrowingAreaName,
    string Crop,
    string? Variety,
    string? Season,
    BatchStatus Status,
    Instant StartedAt,
    LocalDate? PlantedOn,
    LocalDate? FirstHarvestOn,
    LocalDate? LastHarvestOn,
    decimal HarvestedKg,
    decimal PackedKg,
    int Lots,
    LocalDate? SafeHarvestFrom,
    Instant? ClosedAt,
    long Version);

/// <summary>
/// The batches the caller sees (an admin all, a cooperative its members', a household its own), newest started first,
/// filtered by cooperative, household, the household's commune, status and start date (Việt Nam time).
/// </summary>
public sealed record ListBatches(
    Caller Caller, Guid? CooperativeId, Guid? HouseholdId, string? CommuneCode, string? Status, string? From, string? To, int? Page, int? PageSize,
    bool? ReadyToPack = null)
    : IQuery<ListPage<BatchSummary>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        v.Choice<BatchStatus>("status", Status);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListBatchesHandler(IQuerySession session) : IQueryHandler<ListBatches, ListPage<BatchSummary>>
{
    public async ValueTask<ListPage<BatchSummary>> Handle(ListBatches query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        var paging = Paging.Of(query.Page, query.PageSize);
        var batches = session.Query<BatchDetails>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            batches = batches.Where(b => b.CooperativeId == own);
        }

        if (scope.HouseholdId is { } self)
        {
            batches = batches.Where(b => b.HouseholdId == self);
        }

        if (query.CooperativeId is { } cooperativeId)
        {
            batches = batches.Where(b => b.CooperativeId == cooperativeId);
        }

        if (query.HouseholdId is { } householdId)
        {
            batches = batches.Where(b => b.HouseholdId == householdId);
        }

        if (query.CommuneCode is { Length: > 0 } communeCode)
        {
            var households = await session.HouseholdsInCommuneAsync(communeCode, scope, cancellationToken);
            if (households.Length == 0)
            {
                return new ListPage<BatchSummary>([], paging.Page, paging.PageSize, 0);
            }

            batches = batches.Where(b => b.HouseholdId.IsOneOf(households));
        }

        if (Validator.ParseChoice<BatchStatus>(query.Status) is { } status)
        {
            batches = batches.Where(b => b.Status == status);
        }

        // Ready to pack: harvesting, with harvested kilograms not all packed yet (what a cooperative's packing house works from).
        if (query.ReadyToPack is { } ready)
        {
            batches = ready
                ? batches.Where(b => b.Status == BatchStatus.Harvesting && b.HarvestedKg > b.PackedKg)
                : batches.Where(b => b.Status != BatchStatus.Harvesting || b.HarvestedKg <= b.PackedKg);
        }

        if (Validator.ParseDate(query.From) is { } from)
        {
            var start = FieldTime.StartOf(from);
            batches = batches.Where(b => b.StartedAt >= start);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            var end = FieldTime.StartOf(to.PlusDays(1));
            batches = batches.Where(b => b.StartedAt < end);
        }

        var (page, total) = await batches.PageAsync(
            q => q.OrderByDescending(b => b.StartedAt).ThenByDescending(b => b.Id), paging, cancellationToken);
        var names = await session.HouseholdNamesAsync(page.Select(b => b.HouseholdId), cancellationToken);
        var areaIds = page.Select(b => b.GrowingAreaId).Distinct().ToArray();
        var areas = areaIds.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<GrowingArea>(cancellationToken, areaIds)).ToDictionary(a => a.Id, a => a.Name);
        var items = page.Select(b => new BatchSummary(
            b.Id, b.HouseholdId, names.GetValueOrDefault(b.HouseholdId), b.CooperativeId, b.GrowingAreaId, areas.GetValueOrDefault(b.GrowingAreaId),
            b.Crop, b.Variety, b.Season, b.Status, b.StartedAt, b.PlantedOn, b.FirstHarvestOn, b.LastHarvestOn, b.HarvestedKg, b.PackedKg,
            b.Lots, b.SafeHarvestFrom, b.ClosedAt, b.Version)).ToList();
        return new ListPage<BatchSummary>(items, paging.Page, paging.PageSize, total);
    }
}
