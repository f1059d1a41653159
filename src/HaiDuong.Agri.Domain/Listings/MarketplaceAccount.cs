using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

/// <summary>A linked shop (one per owner and marketplace): the stream's state and its read model.</summary>
public sealed partial record MarketplaceAccount(
    Guid Id,
    Marketplace Marketplace,
    string ShopId,
    Guid? HouseholdId,
    Guid? CooperativeId,
    AccountStatus Status,
    string? StatusReason,
    Instant LinkedAt)
{
    public long Version { get; init; }

    public static MarketplaceAccount From(MarketplaceAccountLinked e) =>
        new(e.AccountId, e.Marketplace, e.ShopId, e.HouseholdId, e.CooperativeId, AccountStatus.Active, null, e.LinkedAt);

    public MarketplaceAccount Then(object @event) => @event switch
    {
        MarketplaceAccountLinked e => this with { ShopId = e.ShopId, Status = AccountStatus.Active, StatusReason = null, LinkedAt = e.LinkedAt },
        MarketplaceAccountNeedsReauthorization e => this with { Status = AccountStatus.NeedsReauthorization, StatusReason = e.Reason },
        _ => this,
    };
}
