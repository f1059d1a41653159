using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Lots;

/// <summary>Whether a lot may still be sold: <c>active</c>, or <c>recalled</c>.</summary>
public enum LotStatus
{
    Active,
    Recalled,
}

/// <summary>A lot in a list: what, whose, how many units and stamps, its Digital Link (its claims are in <c>GET /lots/{id}</c>).</summary>
public sealed record LotSummary(
    Guid Id,
    Guid BatchId,
    Guid HouseholdId,
    string? HouseholdName,
    Guid? CooperativeId,
    Guid GrowingAreaId,
    string Gtin,
    string LotCode,
    string ProductName,
    LocalDate PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string? Packaging,
    int StampsIssued,
    int StampsVoided,
    LotStatus Status,
    Instant? RecalledAt,
    string DigitalLink,
    long Version);

/// <summary>
/// The lots the caller sees (an admin all, a cooperative its members', a household its own), newest packed first, filtered
/// by cooperative, household, the household's commune, status and packing date.
/// </summary>
public sealed record ListLots(
    Caller Caller, Guid? CooperativeId, Guid? HouseholdId, string? CommuneCode, string? Status, string? From, string? To, int? Page, int? PageSize)
    : IQuery<ListPage<LotSummary>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        v.Choice<LotStatus>("status", Status);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListLotsHandler(IQuerySession session, PublicLinks links) : IQueryHandler<ListLots, ListPage<LotSummary>>
{
    public async ValueTask<ListPage<LotSummary>> Handle(ListLots query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        var paging = Paging.Of(query.Page, query.PageSize);
        var lots = session.Query<LotDetails>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            lots = lots.Where(l => l.CooperativeId == own);
        }

        if (scope.HouseholdId is { } self)
        {
            lots = lots.Where(l => l.HouseholdId == self);
        }

        if (query.CooperativeId is { } cooperativeId)
        {
            lots = lots.Where(l => l.CooperativeId == cooperativeId);
        }

        if (query.HouseholdId is { } householdId)
        {
            lots = lots.Where(l => l.HouseholdId == householdId);
        }

        if (query.CommuneCode is { Length: > 0 } communeCode)
        {
            var households = await session.HouseholdsInCommuneAsync(communeCode, scope, cancellationToken);
            if (households.Length == 0)
            {
                return new ListPage<LotSummary>([], paging.Page, paging.PageSize, 0);
            }

            lots = lots.Where(l => l.HouseholdId.IsOneOf(households));
        }

        lots = Validator.ParseChoice<LotStatus>(query.Status) switch
        {
            LotStatus.Active => lots.Where(l => l.RecalledAt == null),
            LotStatus.Recalled => lots.Where(l => l.RecalledAt != null),
            _ => lots,
        };

        if (Validator.ParseDate(query.From) is { } from)
        {
            lots = lots.Where(l => l.PackedOn >= from);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            lots = lots.Where(l => l.PackedOn <= to);
        }

        var (page, total) = await lots.PageAsync(
            q => q.OrderByDescending(l => l.PackedOn).ThenByDescending(l => l.PackedAt).ThenByDescending(l => l.Id), paging, cancellationToken);
        var names = await session.HouseholdNamesAsync(page.Select(l => l.HouseholdId), cancellationToken);
        var items = page.Select(l => new LotSummary(
            l.Id, l.BatchId, l.HouseholdId, names.GetValueOrDefault(l.HouseholdId), l.CooperativeId, l.GrowingAreaId, l.Gtin, l.LotCode,
            l.ProductName, l.PackedOn, l.UnitCount, l.NetWeightGrams, l.Packaging, l.StampsIssued, l.StampsVoided,
            l.RecalledAt is null ? LotStatus.Active : LotStatus.Recalled, l.RecalledAt, links.ForLot(l.Gtin, l.LotCode), l.Version)).ToList();
        return new ListPage<LotSummary>(items, paging.Page, paging.PageSize, total);
    }
}
