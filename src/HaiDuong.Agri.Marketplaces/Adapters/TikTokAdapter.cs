using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces.Signing;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces.Adapters;

/// <summary>
/// TikTok Shop Open API 202309. A create carries the request's idempotency key, so a retried create returns the product
/// the first one made. The signature covers the query and the exact JSON bytes sent.
/// </summary>
public sealed class TikTokAdapter(HttpClient http, IOptions<MarketplaceOptions> options, TimeProvider time) : IMarketplaceAdapter
{
    private const string Products = "/product/202309/products";
    private const string Deactivate = "/product/202309/products/deactivate";

    private readonly TikTokOptions tiktok = options.Value.TikTok;

    public Marketplace Marketplace => Marketplace.Tiktok;

    public bool IsConfigured => tiktok.IsConfigured;

    public async Task<SyncOutcome> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Remote.NotConfigured("TikTok", "BaseUrl, AppKey, AppSecret");
        }

        if (string.IsNullOrEmpty(request.Shop.AccessToken))
        {
            return Remote.NoToken("TikTok");
        }

        return (request.Operation, request.ExternalId) switch
        {
            (SyncOperation.Create, null) => await CreateAsync(request, cancellationToken),
            // Without a product id there is nothing to address (the API we use has no lookup by SKU): a dead letter says so.
            (_, null) => new SyncFailed(SyncFailureKind.Permanent, $"TikTok: no product id known for {request.Listing.SellerSku}"),
            (SyncOperation.Delist, { } id) => await DeactivateAsync(request, id, cancellationToken),
            (_, { } id) => await UpdateAsync(request, id, cancellationToken),
        };
    }

    private async Task<SyncOutcome> CreateAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var body = new
        {
            listing.Title,
            Description = Remote.Description(listing),
            tiktok.CategoryId,
            Skus = new[] { new { listing.SellerSku, Price = Price(listing), Inventory = new[] { new { Quantity = listing.Stock } } } },
            PackageWeight = new { Value = (listing.NetWeightGrams / 1000m).ToString(CultureInfo.InvariantCulture), Unit = "KILOGRAM" },
        };
        var answer = await CallAsync(Products, request, body, request.IdempotencyKey, cancellationToken);
        return answer.Created(Remote.Get(answer.Json, "data", "product_id"), $"TikTok {Products}");
    }

    private async Task<SyncOutcome> UpdateAsync(SyncRequest request, string productId, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var path = $"{Products}/{Uri.EscapeDataString(productId)}";
        var prices = new { Skus = new[] { new { listing.SellerSku, Price = Price(listing) } } };
        var answer = await CallAsync($"{path}/prices/update", request, prices, null, cancellationToken);
        if (answer.Failure is null)
        {
            var inventory = new { Skus = new[] { new { listing.SellerSku, Inventory = new[] { new { Quantity = listing.Stock } } } } };
            answer = await CallAsync($"{path}/inventory/update", request, inventory, null, cancellationToken);
        }

        return answer.Outcome(productId);
    }

    private async Task<SyncOutcome> DeactivateAsync(SyncRequest request, string productId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(Deactivate, request, new { ProductIds = new[] { productId } }, null, cancellationToken);
        return answer.Outcome(productId);
    }

    private static object Price(ListingSnapshot listing) =>
        new { Amount = listing.PriceVnd.ToString(CultureInfo.InvariantCulture), Currency = "VND" };

    private async Task<Answer> CallAsync(string path, SyncRequest request, object body, Guid? idempotencyKey, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["app_key"] = tiktok.AppKey!,
            ["timestamp"] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["shop_cipher"] = request.Shop.ShopId,
        };
        if (idempotencyKey is { } key)
        {
            query["idempotency_key"] = key.ToString();
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Remote.SnakeJson);
        query["sign"] = TikTokSigner.Sign(path, query, bytes, tiktok.AppSecret!);
        using var message = new HttpRequestMessage(HttpMethod.Post, Remote.Url(tiktok.BaseUrl!, path, query))
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        message.Headers.TryAddWithoutValidation("x-tts-access-token", request.Shop.AccessToken);
        return await Remote.SendAsync(http, message, $"TikTok {path}", Error, time, cancellationToken);
    }

    /// <summary>TikTok answers with numeric <c>code</c> 0 on success.</summary>
    private static PlatformError? Error(JsonObject json)
    {
        var code = Remote.Text(json["code"]);
        return code is null or "0" ? null : new PlatformError(code, Remote.Text(json["message"]) ?? "", Classify(code));
    }

    private static SyncFailureKind Classify(string code) => code switch
    {
        "36009002" or "36009003" => SyncFailureKind.Retryable, // throttled
        "105001" or "105002" or "105003" => SyncFailureKind.Auth, // invalid, expired or revoked access token
        _ => SyncFailureKind.Permanent,
    };
}
