using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.Marketplaces;

/// <summary>The canonical listing every adapter translates into its platform's request (<c>TraceUrl</c>: the lot's public trace page, a GS1 Digital Link without serial).</summary>
public sealed record ListingSnapshot(
    Guid ListingId,
    long Version,
    string SellerSku,
    string Title,
    string? Description,
    long PriceVnd,
    int Stock,
    IReadOnlyList<string> ImageUrls,
    string Gtin,
    string LotCode,
    string ProductName,
    int NetWeightGrams,
    string SellerName,
    string TraceUrl,
    bool Delisted);

/// <summary>The seller's shop on the marketplace, tokens already decrypted.</summary>
public sealed record ShopCredentials(string ShopId, string? AccessToken, string? RefreshToken);

/// <summary>
/// One sync of one listing at one marketplace. <see cref="ExternalId"/> is the marketplace's id when a create already
/// succeeded. <see cref="DeliveryId"/> (webhook <c>X-Agri-Delivery</c>) and <see cref="IdempotencyKey"/> (TikTok
/// <c>idempotency_key</c>) are the same on every retry of the same content.
/// </summary>
public sealed record SyncRequest(
    ListingSnapshot Listing,
    ShopCredentials Shop,
    SyncOperation Operation,
    string? ExternalId,
    string DeliveryId,
    Guid IdempotencyKey);

public abstract record SyncOutcome;

/// <summary>The marketplace now shows the listing; <see cref="ExternalId"/> is its id there (null for webhooks without one).</summary>
public sealed record SyncSucceeded(string? ExternalId) : SyncOutcome;

/// <summary>The sync failed; <see cref="RetryAfter"/> is the marketplace's own <c>Retry-After</c> when it gave one.</summary>
public sealed record SyncFailed(SyncFailureKind Kind, string Reason, TimeSpan? RetryAfter = null) : SyncOutcome;

/// <summary>
/// Pushes a listing to one marketplace. Never throws for a remote failure (HTTP error, refusal, timeout, connection
/// refused): it classifies it into a <see cref="SyncFailed"/>. Never retries a create at the HTTP level; a create first
/// looks the seller SKU up (or sends an idempotency key / delivery id), so a retried create makes no duplicate.
/// </summary>
public interface IMarketplaceAdapter
{
    Marketplace Marketplace { get; }

    /// <summary>Whether partner credentials (base URL and keys) are configured; an unconfigured adapter fails permanently.</summary>
    bool IsConfigured { get; }

    Task<SyncOutcome> SyncAsync(SyncRequest request, CancellationToken cancellationToken);
}
