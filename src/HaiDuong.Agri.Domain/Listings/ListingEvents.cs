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
