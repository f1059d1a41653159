using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Listings;

public sealed record ListMarketplaceAccounts(Caller Caller, Guid? HouseholdId, Guid? CooperativeId) : IQuery<MarketplaceAccountList>;

public sealed record MarketplaceAccountList(IReadOnlyList<MarketplaceAccountView> Items);

/// <summary>An owner's linked shops and whether each still works (a refused token shows as needs-reauthorization).</summary>
public sealed class ListMarketplaceAccountsHandler(IQuerySession session) : IQueryHandler<ListMarketplaceAccounts, MarketplaceAccountList>
{
    public async ValueTask<MarketplaceAccountList> Handle(ListMarketplaceAccounts query, CancellationToken cancellationToken)
    {
        var (caller, householdId, cooperativeId) = query;
        if (householdId is { } h)
        {
            await session.LoadForAsync(caller, h, "householdId", cancellationToken);
        }
        else if (!(caller.Role == Role.Admin || caller.CooperativeId == cooperativeId)
            || await session.LoadAsync<Cooperative>(cooperativeId!.Value, cancellationToken) is null)
        {
            throw Problems.NotFound("cooperative");
        }

        var ids = Enum.GetValues<Marketplace>().Select(m => MarketplaceAccount.IdFor(householdId, householdId is null ? cooperativeId : null, m)).ToArray();
        var accounts = await session.LoadManyAsync<MarketplaceAccount>(cancellationToken, ids);
        var credentials = await session.LoadManyAsync<MarketplaceCredentials>(cancellationToken, ids);
        return new MarketplaceAccountList(
            [.. accounts.OrderBy(a => a.Marketplace).Select(a => MarketplaceAccountView.Of(a, credentials.FirstOrDefault(c => c.Id == a.Id)))]);
    }
}
