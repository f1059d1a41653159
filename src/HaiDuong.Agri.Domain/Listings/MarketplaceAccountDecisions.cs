using HaiDuong.Agri.Domain.Common;

namespace HaiDuong.Agri.Domain.Listings;

public sealed partial record MarketplaceAccount
{
    /// <summary>The account id of an owner's shop on a marketplace: the same on every link, so a re-link updates it.</summary>
    public static Guid IdFor(Guid? householdId, Guid? cooperativeId, Marketplace marketplace) =>
        StableId.From(householdId is { } h ? $"account:household:{h:N}:{marketplace}" : $"account:cooperative:{cooperativeId:N}:{marketplace}");
}
