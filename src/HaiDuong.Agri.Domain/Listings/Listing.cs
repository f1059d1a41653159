using System.Collections.Immutable;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

/// <summary>The marketplaces a listing can be pushed to (JSON: <c>shopee</c>, <c>lazada</c>, <c>tiktok</c>, <c>webhook</c>).</summary>
public enum Marketplace
{
    Shopee,
    Lazada,
    Tiktok,
    Webhook,
}

/// <summary>What a sync does at a marketplace.</summary>
public enum SyncOperation
{
    Create,
    Update,
    Delist,
}

/// <summary>
/// How a failed sync is handled: retryable (5xx, 429, timeouts: retried later with backoff), auth (the shop's token is
/// expired or invalid: the account needs re-authorisation), permanent (the marketplace refused the content: dead letter).
/// </summary>
public enum SyncFailureKind
{
    Retryable,
    Auth,
    Permanent,
}

/// <summary>A marketplace a listing is offered on, and the linked account (the household's or its cooperative's) used for it.</summary>
public sealed record ListingChannel(Marketplace Marketplace, Guid AccountId);

/// <summary>A lot was put up for sale. Carries what the marketplaces and feeds need about the lot, as it was when listed.</summary>
public sealed record ListingPublished(
    Guid ListingId,
    Guid LotId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string SellerSku,
    string Title,
    string? Description,
    long PriceVnd,
    int Stock,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<ListingChannel> Channels,
    string Gtin,
    string LotCode,
    string ProductName,
    int NetWeightGrams,
    string SellerName,
    Instant PublishedAt)
{
    /// <summary>The household's commune: province statistics count listings per commune.</summary>
    public string CommuneCode { get; init; } = "";
}

public sealed record ListingPriceChanged(long PriceVnd, Instant ChangedAt);

/// <summary>The seller set the stock offered (an absolute number of units).</summary>
public sealed record ListingStockChanged(int Stock, Instant ChangedAt);

public sealed record ListingDelisted(string? Reason, Instant DelistedAt)
{
    public string CommuneCode { get; init; } = "";
}

/// <summary>A marketplace reported an order: the stock went down by <see cref="Quantity"/> to <see cref="StockAfter"/>.</summary>
public sealed record ListingOrdered(
    Marketplace Marketplace,
    string ExternalOrderId,
    int Quantity,
    long TotalVnd,
    Instant OrderedAt,
    int StockAfter,
    Instant RecordedAt)
{
    public string CommuneCode { get; init; } = "";
}

/// <summary>A marketplace now shows the listing as of <see cref="ListingVersion"/>.</summary>
public sealed record ListingSynced(
    Marketplace Marketplace,
    SyncOperation Operation,
    string? ExternalId,
    long ListingVersion,
    int Attempts,
    Instant SyncedAt);

public sealed record ListingSyncFailed(
    Marketplace Marketplace,
    SyncOperation Operation,
    SyncFailureKind Kind,
    string Reason,
    int Attempts,
    Instant FailedAt);

/// <summary>An admin replayed a dead-lettered sync: it is tried again from the listing's current state.</summary>
public sealed record ListingSyncReplayed(Marketplace Marketplace, Instant ReplayedAt);

public sealed record PublishListing(
    Guid ListingId,
    IReadOnlyList<Marketplace> Marketplaces,
    string Title,
    string? Description,
    long PriceVnd,
    int Stock,
    IReadOnlyList<string> ImageUrls);

/// <summary>What listing decisions need to know about the lot being sold.</summary>
public sealed record ListedLot(
    Guid LotId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Gtin,
    string LotCode,
    string ProductName,
    int NetWeightGrams,
    int UnitCount,
    bool Recalled,
    string SellerName,
    string CommuneCode);

public sealed record OrderReport(Marketplace Marketplace, string ExternalOrderId, int Quantity, long TotalVnd, Instant OrderedAt);

/// <summary>A listing: what its decisions need.</summary>
public sealed record Listing(
    Guid Id,
    Guid LotId,
    Guid HouseholdId,
    Guid? CooperativeId,
    long PriceVnd,
    int Stock,
    int Sold,
    bool Delisted,
    ImmutableList<ListingChannel> Channels)
{
    public string CommuneCode { get; init; } = "";

    public static Listing From(ListingPublished e) =>
        new(e.ListingId, e.LotId, e.HouseholdId, e.CooperativeId, e.PriceVnd, e.Stock, 0, false, [.. e.Channels]) { CommuneCode = e.CommuneCode };

    public Listing Then(object @event) => @event switch
    {
        ListingPriceChanged e => this with { PriceVnd = e.PriceVnd },
        ListingStockChanged e => this with { Stock = e.Stock },
        ListingDelisted => this with { Delisted = true },
        ListingOrdered e => this with { Stock = e.StockAfter, Sold = Sold + e.Quantity },
        _ => this,
    };

    /// <summary>The units of its lot this listing holds: what it still offers (unless delisted) and what it sold.</summary>
    public int UnitsHeld => (Delisted ? 0 : Stock) + Sold;
}

/// <summary>
/// Listing rules. A lot's listings together never hold more units than the lot has: <c>unitsFree</c> is the lot's unit
/// count less what its other listings hold (offered stock plus units sold), computed by the caller under a lock on the lot.
/// </summary>
public static class ListingDecisions
{
    /// <summary>The seller SKU a listing keeps for life, at every marketplace (≤ 50 characters, as feeds require).</summary>
    public static string SellerSku(Guid listingId) => "AGRI-" + listingId.ToString("N").ToUpperInvariant();

    public static Decision Publish(
        ListedLot lot, PublishListing c, IReadOnlyDictionary<Marketplace, Guid> accounts, int unitsFree, Instant now)
    {
        var missing = c.Marketplaces.Where(m => !accounts.ContainsKey(m)).ToList();
        if (lot.Recalled)
        {
            return Decision.Reject(new DomainError("lot-recalled", "The lot is recalled", "A recalled lot cannot be listed for sale."));
        }

        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(Name));
            return Decision.Reject(new DomainError(
                "marketplace-account-missing", "No linked marketplace account",
                $"Neither the household nor its cooperative has linked an account for: {names}. Link one at …/marketplace-accounts first.")
            {
                Data = new Dictionary<string, object?> { ["marketplaces"] = missing.Select(Name).ToArray() },
            });
        }

        if (c.Stock > unitsFree)
        {
            return Decision.Reject(StockExceedsLot(c.Stock, unitsFree));
        }

        var channels = c.Marketplaces.Distinct().Select(m => new ListingChannel(m, accounts[m])).ToList();
        return Decision.Accept(new ListingPublished(
            c.ListingId, lot.LotId, lot.HouseholdId, lot.CooperativeId, SellerSku(c.ListingId), c.Title, c.Description, c.PriceVnd,
            c.Stock, c.ImageUrls, channels, lot.Gtin, lot.LotCode, lot.ProductName, lot.NetWeightGrams, lot.SellerName, now)
        {
            CommuneCode = lot.CommuneCode,
        });
    }

    public static Decision ChangePrice(Listing listing, long priceVnd, Instant now) =>
        listing.Delisted ? Decision.Reject(Delisted())
        : priceVnd == listing.PriceVnd ? Decision.Accept()
        : Decision.Accept(new ListingPriceChanged(priceVnd, now));

    public static Decision ChangeStock(Listing listing, int stock, int unitsFree, Instant now) =>
        listing.Delisted ? Decision.Reject(Delisted())
        : stock == listing.Stock ? Decision.Accept()
        : stock - listing.Stock > unitsFree ? Decision.Reject(StockExceedsLot(stock, listing.Stock + unitsFree))
        : Decision.Accept(new ListingStockChanged(stock, now));

    /// <summary>Takes the listing off every marketplace; delisting twice changes nothing.</summary>
    public static Decision Delist(Listing listing, string? reason, Instant now) =>
        listing.Delisted ? Decision.Accept() : Decision.Accept(new ListingDelisted(reason, now) { CommuneCode = listing.CommuneCode });

    /// <summary>
    /// Takes an order off the stock. An order reaching a delisted listing (placed before the delisting reached the
    /// marketplace) holds units its lot may have given to other listings since: it needs <paramref name="unitsFree"/>.
    /// </summary>
    public static Decision RecordOrder(Listing listing, OrderReport order, int? unitsFree, Instant now)
    {
        if (listing.Channels.All(c => c.Marketplace != order.Marketplace))
        {
            return Decision.Reject(new DomainError(
                "listing-not-on-marketplace", "The listing is not offered on this marketplace",
                $"The listing is not offered on {Name(order.Marketplace)}."));
        }

        if (listing.Delisted && order.Quantity > unitsFree)
        {
            return Decision.Reject(StockExceedsLot(order.Quantity, unitsFree ?? 0));
        }

        return order.Quantity > listing.Stock
            ? Decision.Reject(new DomainError(
                "insufficient-stock", "The order is larger than the listing's stock",
                $"{order.Quantity} units ordered, {listing.Stock} in stock.")
            {
                Data = new Dictionary<string, object?> { ["stock"] = listing.Stock },
            })
            : Decision.Accept(new ListingOrdered(
                order.Marketplace, order.ExternalOrderId, order.Quantity, order.TotalVnd, order.OrderedAt, listing.Stock - order.Quantity, now)
            {
                CommuneCode = listing.CommuneCode,
            });
    }

    public static string Name(Marketplace marketplace) => marketplace.ToString().ToLowerInvariant();

    private static DomainError Delisted() =>
        new("listing-delisted", "The listing is delisted", "A delisted listing cannot change; publish a new listing instead.");

    private static DomainError StockExceedsLot(int requested, int available) =>
        new("stock-exceeds-lot", "More stock than the lot has left", $"{requested} units requested, but the lot has only {available} units not held by its other listings.")
        {
            Data = new Dictionary<string, object?> { ["availableUnits"] = Math.Max(available, 0) },
        };
}
