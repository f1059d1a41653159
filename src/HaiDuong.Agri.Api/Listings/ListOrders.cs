using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Listings;

/// <summary>
/// The marketplace orders the caller sees (an admin all, a cooperative its member households' listings', a household its
/// own listings'), newest ordered first, from every marketplace or one.
/// </summary>
public sealed record ListOrders(Caller Caller, string? Marketplace, int? Page, int? PageSize) : IQuery<ListPage<MarketplaceOrder>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Choice<Marketplace>("marketplace", Marketplace);
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

        var paging = Paging.Of(query.Page, query.PageSize);
        var (items, total) = await orders.PageAsync(
            q => q.OrderByDescending(o => o.OrderedAt).ThenByDescending(o => o.Id), paging, cancellationToken);
        return new ListPage<MarketplaceOrder>(items, paging.Page, paging.PageSize, total);
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
