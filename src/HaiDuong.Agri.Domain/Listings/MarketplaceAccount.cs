using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

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

public enum AccountStatus
{
    Active,
    NeedsReauthorization,
}

/// <summary>A linked shop (one per owner and marketplace): the stream's state and its read model.</summary>
public sealed record MarketplaceAccount(
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

    /// <summary>The account id of an owner's shop on a marketplace: the same on every link, so a re-link updates it.</summary>
    public static Guid IdFor(Guid? householdId, Guid? cooperativeId, Marketplace marketplace) =>
        StableId.From(householdId is { } h ? $"account:household:{h:N}:{marketplace}" : $"account:cooperative:{cooperativeId:N}:{marketplace}");
}
