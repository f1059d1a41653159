using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

/// <summary>A listing's state at one marketplace, as a list shows it.</summary>
public sealed record ListingChannelSummary(Marketplace Marketplace, ChannelStatus Status);

/// <summary>A listing in a list: what it sells, its price and stock, and where it stands on each marketplace.</summary>
public sealed record ListingSummary(
    Guid Id,
    Guid LotId,
    Guid HouseholdId,
    string? HouseholdName,
    Guid? CooperativeId,
    string Title,
    string ProductName,
    string LotCode,
    long PriceVnd,
    int Stock,
    int Sold,
    ListingStatus Status,
    Instant PublishedAt,
    Instant? DelistedAt,
    IReadOnlyList<ListingChannelSummary> Marketplaces,
    long Version);

/// <summary>
/// The listings the caller sees (an admin all, a cooperative its members', a household its own), newest published first,
/// filtered by cooperative, household, the household's commune, status and publication date (Việt Nam time).
/// </summary>
public sealed record ListListings(
    Caller Caller, Guid? CooperativeId, Guid? HouseholdId, string? CommuneCode, string? Status, string? From, string? To, int? Page, int? PageSize)
    : IQuery<ListPage<ListingSummary>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        v.Choice<ListingStatus>("status", Status);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListListingsHandler(IQuerySession session) : IQueryHandler<ListListings, ListPage<ListingSummary>>
{
    public async ValueTask<ListPage<ListingSummary>> Handle(ListListings query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        var paging = Paging.Of(query.Page, query.PageSize);
        var listings = session.Query<ListingDetails>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            listings = listings.Where(l => l.CooperativeId == own);
        }

        if (scope.HouseholdId is { } self)
        {
            listings = listings.Where(l => l.HouseholdId == self);
        }

        if (query.CooperativeId is { } cooperativeId)
        {
            listings = listings.Where(l => l.CooperativeId == cooperativeId);
        }

        if (query.HouseholdId is { } householdId)
        {
            listings = listings.Where(l => l.HouseholdId == householdId);
        }

        if (query.CommuneCode is { Length: > 0 } communeCode)
        {
            var households = await session.HouseholdsInCommuneAsync(communeCode, scope, cancellationToken);
            if (households.Length == 0)
            {
                return new ListPage<ListingSummary>([], paging.Page, paging.PageSize, 0);
            }

            listings = listings.Where(l => l.HouseholdId.IsOneOf(households));
        }

        listings = Validator.ParseChoice<ListingStatus>(query.Status) switch
        {
            ListingStatus.Active => listings.Where(l => l.DelistedAt == null),
            ListingStatus.Delisted => listings.Where(l => l.DelistedAt != null),
            _ => listings,
        };

        if (Validator.ParseDate(query.From) is { } from)
        {
            var start = FieldTime.StartOf(from);
            listings = listings.Where(l => l.PublishedAt >= start);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            var end = FieldTime.StartOf(to.PlusDays(1));
            listings = listings.Where(l => l.PublishedAt < end);
        }

        var (page, total) = await listings.PageAsync(
            q => q.OrderByDescending(l => l.PublishedAt).ThenByDescending(l => l.Id), paging, cancellationToken);
        var names = await session.HouseholdNamesAsync(page.Select(l => l.HouseholdId), cancellationToken);
        var items = page.Select(l => new ListingSummary(
            l.Id, l.LotId, l.HouseholdId, names.GetValueOrDefault(l.HouseholdId), l.CooperativeId, l.Title, l.ProductName, l.LotCode, l.PriceVnd,
            l.Stock, l.Sold, l.Status, l.PublishedAt, l.DelistedAt,
            [.. l.Marketplaces.Select(c => new ListingChannelSummary(c.Marketplace, c.Status))], l.ChangeVersion)).ToList();
        return new ListPage<ListingSummary>(items, paging.Page, paging.PageSize, total);
    }
}
