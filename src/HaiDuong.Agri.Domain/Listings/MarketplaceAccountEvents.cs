using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

public enum AccountStatus
{
    Active,
    NeedsReauthorization,
}

/// <summary>
/// A household or cooperative linked (or re-linked, with fresh tokens) its shop on a marketplace. The tokens are not in the
/// event: they are kept encrypted beside the stream and never shown.
/// </summary>
public sealed record MarketplaceAccountLinked(
    Guid AccountId,
    Marketplace Marketplace,
    string ShopId,
    Guid? HouseholdId,
    Guid? CooperativeId,
    Instant LinkedAt);

/// <summary>The marketplace refused the shop's token: sync for this account waits until it is linked again.</summary>
public sealed record MarketplaceAccountNeedsReauthorization(Guid AccountId, string Reason, Instant At);
