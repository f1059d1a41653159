using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Listings;

/// <summary>
/// The marketplace orders the caller sees (an admin all, a cooperative its member households' listings', a household its
/// own listings'), newest ordered first, from every marketplace or one, of one listing, ordered from/to (dates, Việt Nam
/// time, both included).
/// </summary>
public sealed record ListOrders(Caller Caller, string? Marketplace, int? Page, int? PageSize, Guid? ListingId = null, string? From = null, string? To = null)
    : IQuery<ListPage<MarketplaceOrder>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Choice<Marketplace>("marketplace", Marketplace);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListOrdersHandler(IQuerySession session) : IQueryHandler<ListOrders, ListPage<MarketplaceOrder>>
{
    public async ValueTask<ListPage<MarketplaceOrder>> Handle(ListOrders query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        var orders = session.Query<MarketplaceOrder>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            orders = orders.Where(o => o.CooperativeId == own);
        }

        if (scope.HouseholdId is { } self)
        {
            orders = orders.Where(o => o.HouseholdId == self);
        }

        if (Validator.ParseChoice<Marketplace>(query.Marketplace) is { } marketplace)
        {
            orders = orders.Where(o => o.Marketplace == marketplace);
        }

        if (query.ListingId is { } listingId)
        {
            orders = orders.Where(o => o.ListingId == listingId);
        }

        if (Validator.ParseDate(query.From) is { } from)
        {
            var start = FieldTime.StartOf(from);
            orders = orders.Where(o => o.OrderedAt >= start);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            var end = FieldTime.StartOf(to.PlusDays(1));
            orders = orders.Where(o => o.OrderedAt < end);
        }

        var paging = Paging.Of(query.Page, query.PageSize);
        var (items, total) = await orders.PageAsync(
            q => q.OrderByDescending(o => o.OrderedAt).ThenByDescending(o => o.Id), paging, cancellationToken);
        return new ListPage<MarketplaceOrder>(items, paging.Page, paging.PageSize, total);
    }
}

/// <summary>One marketplace order, to whoever sees it in <see cref="ListOrders"/> (anyone else: 404, as for a listing).</summary>
public sealed record GetOrder(Caller Caller, Guid Id) : IQuery<MarketplaceOrder>;

public sealed class GetOrderHandler(IQuerySession session) : IQueryHandler<GetOrder, MarketplaceOrder>
{
    public async ValueTask<MarketplaceOrder> Handle(GetOrder query, CancellationToken cancellationToken)
    {
        var order = await session.LoadAsync<MarketplaceOrder>(query.Id, cancellationToken);
        return order is not null && query.Caller.ActsFor(order.HouseholdId, order.CooperativeId)
            ? order
            : throw Problems.NotFound("order");
    }
}

/// <summary>The listings of these lots that the caller acts for (the desk's recalls: how far each listing's delisting got).</summary>
public sealed record ListLotListings(Caller Caller, IReadOnlyList<Guid> LotIds) : IQuery<IReadOnlyList<ListingDetails>>;

public sealed class ListLotListingsHandler(IQuerySession session) : IQueryHandler<ListLotListings, IReadOnlyList<ListingDetails>>
{
    public async ValueTask<IReadOnlyList<ListingDetails>> Handle(ListLotListings query, CancellationToken cancellationToken)
    {
        if (query.LotIds.Count == 0)
        {
            return [];
        }

        var lotIds = query.LotIds.ToArray();
        var listings = await session.Query<ListingDetails>().Where(l => l.LotId.IsOneOf(lotIds)).ToListAsync(cancellationToken);
        return [.. listings.Where(l => query.Caller.ActsFor(l.HouseholdId, l.CooperativeId))];
    }
}
