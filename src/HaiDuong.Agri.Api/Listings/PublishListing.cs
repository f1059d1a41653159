using HaiDuong.Agri.Api.Feeds;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record PublishListingRequest(
    Guid? LotId,
    string? Title,
    string? Description,
    long? PriceVnd,
    int? Stock,
    IReadOnlyList<string?>? ImageUrls,
    IReadOnlyList<Marketplace?>? Marketplaces);

public sealed record PublishListingCommand(Caller Caller, PublishListingRequest Body) : ICommand<Outcome<ListingDetails>>, IValidated
{
    public const long MaxPriceVnd = 1_000_000_000_000;
    public const int MaxStock = 1_000_000;
    public const int MaxImages = 10;

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("lotId", b.LotId);
        v.Text("title", b.Title, required: true, maxLength: 150);
        v.Text("description", b.Description, required: false, maxLength: 5000, multiline: true);
        v.Positive("priceVnd", b.PriceVnd, MaxPriceVnd);
        v.Range("stock", b.Stock, 0, MaxStock, required: true);
        v.Items("imageUrls", b.ImageUrls, required: false, 0, MaxImages, $"At most {MaxImages} images.");
        var images = b.ImageUrls ?? [];
        for (var i = 0; i < images.Count; i++)
        {
            v.Url($"imageUrls[{i}]", images[i], 2000, "Must be an absolute http(s) URL of at most 2000 characters.");
        }

        var marketplaces = "Name at least one marketplace: shopee, lazada, tiktok or webhook.";
        if (!v.Items("marketplaces", b.Marketplaces, required: true, 1, int.MaxValue, marketplaces, missingMessage: marketplaces))
        {
            return;
        }

        for (var i = 0; i < b.Marketplaces.Count; i++)
        {
            v.Required($"marketplaces[{i}]", b.Marketplaces[i], "Must be shopee, lazada, tiktok or webhook.");
        }

        v.Unique("marketplaces", b.Marketplaces, "Each marketplace once.", atEachRepeat: true);
    }
}

public sealed class PublishListingHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<PublishListingCommand, Outcome<ListingDetails>>
{
    public async ValueTask<Outcome<ListingDetails>> Handle(PublishListingCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);

        // Under the lot's lock from the start: a recall or another listing of the lot waits, and the lot read is current.
        await unitOfWork.LockAsync(ListingAccounts.LotLock(b.LotId!.Value), cancellationToken);
        var lot = await session.LoadAsync<LotDetails>(b.LotId!.Value, cancellationToken);
        if (lot is null || !caller.ActsFor(lot.HouseholdId, lot.CooperativeId))
        {
            throw Problems.NotFound("lot", "lotId");
        }

        var marketplaces = b.Marketplaces!.Select(m => m!.Value).ToList();
        var accounts = await ListingAccounts.UsableAsync(session, lot.HouseholdId, lot.CooperativeId, marketplaces, cancellationToken);
        var household = (await session.LoadAsync<Household>(lot.HouseholdId, cancellationToken))!;
        var sellerName = lot.CooperativeId is { } cooperativeId
            ? (await session.LoadAsync<Cooperative>(cooperativeId, cancellationToken))?.Name
            : household.Name;

        var unitsFree = lot.UnitCount - await ListingAccounts.UnitsHeldAsync(session, lot.Id, null, cancellationToken);
        var listingId = Guid.CreateVersion7();
        var now = clock.GetCurrentInstant();
        var events = ListingDecisions.Publish(
            new ListedLot(
                lot.Id, lot.HouseholdId, lot.CooperativeId, lot.Gtin, lot.LotCode, lot.ProductName, lot.NetWeightGrams, lot.UnitCount,
                lot.RecalledAt is not null, sellerName ?? household.Name, household.CommuneCode),
            new PublishListing(
                listingId, marketplaces, Validator.Clean(b.Title)!, Validator.Clean(b.Description), b.PriceVnd!.Value, b.Stock!.Value,
                [.. (b.ImageUrls ?? []).Select(u => u!.Trim())]),
            accounts,
            unitsFree,
            now).Accepted();
        session.Events.StartStream<Listing>(listingId, events.ToArray());
        await session.ReachAsync(lot.HouseholdId, Milestone.Listed, FieldTime.DateOf(now), now, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        var view = (await session.LoadAsync<ListingDetails>(listingId, cancellationToken))!.Complete(links);
        return Outcome.Created(view, view.ChangeVersion);
    }
}

/// <summary>What listing commands look up besides the listing: the seller's usable accounts and the units a lot's listings hold.</summary>
public static class ListingAccounts
{
    public static string LotLock(Guid lotId) => $"lot-units:{lotId:N}";

    /// <summary>For each marketplace, the household's own linked account, else its cooperative's.</summary>
    public static async Task<IReadOnlyDictionary<Marketplace, Guid>> UsableAsync(
        IQuerySession session, Guid householdId, Guid? cooperativeId, IEnumerable<Marketplace> marketplaces, CancellationToken ct)
    {
        var wanted = marketplaces.Distinct().ToList();
        var candidates = wanted.Select(m => MarketplaceAccount.IdFor(householdId, null, m))
            .Concat(cooperativeId is null ? [] : wanted.Select(m => MarketplaceAccount.IdFor(null, cooperativeId, m)))
            .ToArray();
        var linked = await session.LoadManyAsync<MarketplaceAccount>(ct, candidates);
        return wanted
            .Select(m => (m, Account: linked.FirstOrDefault(a => a.Marketplace == m && a.HouseholdId == householdId)
                ?? linked.FirstOrDefault(a => a.Marketplace == m && a.HouseholdId is null)))
            .Where(x => x.Account is not null)
            .ToDictionary(x => x.m, x => x.Account!.Id);
    }

    /// <summary>The units of a lot held by its listings (offered or sold), leaving out <paramref name="except"/>.</summary>
    public static async Task<int> UnitsHeldAsync(IQuerySession session, Guid lotId, Guid? except, CancellationToken ct)
    {
        var listings = await session.Query<ListingDetails>().Where(l => l.LotId == lotId).ToListAsync(ct);
        return listings.Where(l => l.Id != except).Sum(l => l.UnitsHeld());
    }

    public static ListingDetails Complete(this ListingDetails listing, PublicLinks links)
    {
        listing.TraceUrl = links.ForLot(listing.Gtin, listing.LotCode);
        listing.Feeds = ListingFeeds.Statuses(
            ListingFeeds.Item(
                listing.SellerSku, listing.Title, listing.Description, listing.TraceUrl, listing.ImageUrls.FirstOrDefault(), listing.Stock,
                listing.PriceVnd, listing.SellerName, listing.Gtin),
            listing.Status == ListingStatus.Active);
        return listing;
    }
}
