using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces.Signing;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces.Adapters;

/// <summary>
/// Shopee Open Platform v2. add_item has no idempotency key, so a create first searches the seller SKU and reuses the
/// item it finds (pushing absolute price and stock to it) instead of adding a duplicate.
/// </summary>
public sealed class ShopeeAdapter(HttpClient http, IOptions<MarketplaceOptions> options, TimeProvider time) : IMarketplaceAdapter
{
    private const string Search = "/api/v2/product/search_item";
    private const string AddItem = "/api/v2/product/add_item";
    private const string UpdatePrice = "/api/v2/product/update_price";
    private const string UpdateStock = "/api/v2/product/update_stock";
    private const string UnlistItem = "/api/v2/product/unlist_item";

    private readonly ShopeeOptions shopee = options.Value.Shopee;

    public Marketplace Marketplace => Marketplace.Shopee;

    public bool IsConfigured => shopee.IsConfigured;

    public async Task<SyncOutcome> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Remote.NotConfigured("Shopee", "BaseUrl, PartnerId, PartnerKey");
        }

        if (string.IsNullOrEmpty(request.Shop.AccessToken))
        {
            return Remote.NoToken("Shopee");
        }

        long? itemId;
        if (request.ExternalId is { } known)
        {
            if (!long.TryParse(known, CultureInfo.InvariantCulture, out var id))
            {
                return new SyncFailed(SyncFailureKind.Permanent, $"Shopee: item id {known} is not a number");
            }

            itemId = id;
        }
        else
        {
            (itemId, var failure) = await FindAsync(request, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        return (request.Operation, itemId) switch
        {
            (SyncOperation.Create, null) => await AddAsync(request, cancellationToken),
            (SyncOperation.Delist, null) => new SyncSucceeded(null), // never created there: nothing to take down
            (_, null) => new SyncFailed(SyncFailureKind.Permanent, $"Shopee: no item with item_sku {request.Listing.SellerSku}"),
            (SyncOperation.Delist, { } id) => await UnlistAsync(request, id, cancellationToken),
            (_, { } id) => await PushPriceAndStockAsync(request, id, cancellationToken),
        };
    }

    private async Task<(long? ItemId, SyncFailed? Failure)> FindAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(HttpMethod.Get, Search, request, null, cancellationToken, ("item_sku", request.Listing.SellerSku), ("page_size", "1"));
        if (answer.Failure is not null || Remote.Get(answer.Json, "response") is not JsonObject response)
        {
            return (null, answer.Failure ?? Remote.Unexpected($"Shopee {Search}", answer.Json));
        }

        var ids = response["item_id_list"] as JsonArray;
        return (ids is [{ } first, ..] && long.TryParse(Remote.Text(first), CultureInfo.InvariantCulture, out var id) ? id : null, null);
    }

    private async Task<SyncOutcome> AddAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var body = new
        {
            ItemName = listing.Title,
            Description = Remote.Description(listing),
            OriginalPrice = listing.PriceVnd,
            SellerStock = new[] { new { Stock = listing.Stock } },
            Weight = listing.NetWeightGrams / 1000m,
            ItemSku = listing.SellerSku,
            CategoryId = shopee.CategoryId,
        };
        var answer = await CallAsync(HttpMethod.Post, AddItem, request, body, cancellationToken);
        return answer.Created(Remote.Get(answer.Json, "response", "item_id"), $"Shopee {AddItem}");
    }

    private async Task<SyncOutcome> PushPriceAndStockAsync(SyncRequest request, long itemId, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var price = new { ItemId = itemId, PriceList = new[] { new { OriginalPrice = listing.PriceVnd } } };
        var stock = new { ItemId = itemId, StockList = new[] { new { SellerStock = new[] { new { Stock = listing.Stock } } } } };
        var answer = await CallAsync(HttpMethod.Post, UpdatePrice, request, price, cancellationToken);
        if (answer.Failure is null)
        {
            answer = await CallAsync(HttpMethod.Post, UpdateStock, request, stock, cancellationToken);
        }

        return answer.Outcome(itemId.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<SyncOutcome> UnlistAsync(SyncRequest request, long itemId, CancellationToken cancellationToken)
    {
        var body = new { ItemList = new[] { new { ItemId = itemId, Unlist = true } } };
        var answer = await CallAsync(HttpMethod.Post, UnlistItem, request, body, cancellationToken);
        return answer.Outcome(itemId.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<Answer> CallAsync(
        HttpMethod method, string path, SyncRequest request, object? body, CancellationToken cancellationToken, params (string Name, string Value)[] extra)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var token = request.Shop.AccessToken!;
        var sign = ShopeeSigner.Sign(shopee.PartnerId, path, timestamp, token, request.Shop.ShopId, shopee.PartnerKey!);
        var query = new Dictionary<string, string>
        {
            ["partner_id"] = shopee.PartnerId.ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["access_token"] = token,
            ["shop_id"] = request.Shop.ShopId,
            ["sign"] = sign,
        };
        foreach (var (name, value) in extra)
        {
            query[name] = value;
        }

        using var message = new HttpRequestMessage(method, Remote.Url(shopee.BaseUrl!, path, query));
        if (body is not null)
        {
            message.Content = new StringContent(JsonSerializer.Serialize(body, Remote.SnakeJson), Encoding.UTF8, "application/json");
        }

        return await Remote.SendAsync(http, message, $"Shopee {path}", Error, time, cancellationToken);
    }

    /// <summary>Shopee answers 200 with a non-empty <c>error</c>; a partial failure shows in <c>response.failure_list</c>.</summary>
    private static PlatformError? Error(JsonObject json)
    {
        var code = Remote.Text(json["error"]);
        var message = Remote.Text(json["message"]) ?? "";
        if (!string.IsNullOrEmpty(code))
        {
            return new PlatformError(code, message, Classify(code));
        }

        return Remote.Get(json, "response", "failure_list") is JsonArray { Count: > 0 } failures
            ? new PlatformError("failure_list", Remote.Text(Remote.Get(failures[0], "failed_reason")) ?? failures.ToJsonString(), SyncFailureKind.Permanent)
            : null;
    }

    private static SyncFailureKind Classify(string code) => code switch
    {
        _ when code.Contains("too_many", StringComparison.OrdinalIgnoreCase)
            || code.Contains("rate_limit", StringComparison.OrdinalIgnoreCase)
            || code.Contains("busy", StringComparison.OrdinalIgnoreCase)
            || code is "error_server" or "error_inner" or "error_network" => SyncFailureKind.Retryable,
        _ when code.Contains("auth", StringComparison.OrdinalIgnoreCase)
            || code.Contains("token", StringComparison.OrdinalIgnoreCase)
            || code.Contains("permission", StringComparison.OrdinalIgnoreCase) => SyncFailureKind.Auth,
        _ => SyncFailureKind.Permanent,
    };
}
