using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces.Signing;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces.Adapters;

/// <summary>
/// Lazada Open Platform. System parameters travel in the query string, the <c>payload</c> (JSON text) form-encoded in the
/// body, and the signature covers both. product/create has no idempotency key: a create looks the seller SKU up first.
/// </summary>
public sealed class LazadaAdapter(HttpClient http, IOptions<MarketplaceOptions> options, TimeProvider time) : IMarketplaceAdapter
{
    private const string Get = "/products/get";
    private const string Create = "/product/create";
    private const string PriceQuantity = "/product/price_quantity/update";
    private const string Deactivate = "/product/deactivate";

    private readonly LazadaOptions lazada = options.Value.Lazada;

    public Marketplace Marketplace => Marketplace.Lazada;

    public bool IsConfigured => lazada.IsConfigured;

    public async Task<SyncOutcome> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Remote.NotConfigured("Lazada", "BaseUrl, AppKey, AppSecret");
        }

        if (string.IsNullOrEmpty(request.Shop.AccessToken))
        {
            return Remote.NoToken("Lazada");
        }

        // price_quantity/update finds the SKU by SellerSku itself: an update needs no lookup.
        var itemId = request.ExternalId;
        if (itemId is null && request.Operation != SyncOperation.Update)
        {
            (itemId, var failure) = await FindAsync(request, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        return (request.Operation, itemId) switch
        {
            (SyncOperation.Create, null) => await CreateAsync(request, cancellationToken),
            (SyncOperation.Delist, null) => new SyncSucceeded(null), // never created there: nothing to take down
            (SyncOperation.Delist, { } id) => await DeactivateAsync(request, id, cancellationToken),
            _ => await UpdateAsync(request, itemId, cancellationToken),
        };
    }

    private async Task<(string? ItemId, SyncFailed? Failure)> FindAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var sku = request.Listing.SellerSku;
        var answer = await CallAsync(HttpMethod.Get, Get, request, [new("search", sku), new("filter", "all")], cancellationToken);
        if (answer.Failure is not null || Remote.Get(answer.Json, "data") is not JsonObject)
        {
            return (null, answer.Failure ?? Remote.Unexpected($"Lazada {Get}", answer.Json));
        }

        // search is a fuzzy match on name and SKU: keep only the product carrying exactly our SellerSku.
        var product = (Remote.Get(answer.Json, "data", "products") as JsonArray)?.FirstOrDefault(p =>
            Remote.Get(p, "skus") is JsonArray skus && skus.Any(s => Remote.Text(Remote.Get(s, "SellerSku")) == sku));
        return (Remote.Text(Remote.Get(product, "item_id")), null);
    }

    private async Task<SyncOutcome> CreateAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var product = new
        {
            lazada.PrimaryCategory,
            Attributes = new { name = listing.Title, description = Remote.Description(listing) },
            Skus = new
            {
                Sku = new[]
                {
                    new { listing.SellerSku, quantity = listing.Stock, price = listing.PriceVnd, package_weight = listing.NetWeightGrams / 1000m },
                },
            },
        };
        var answer = await CallAsync(HttpMethod.Post, Create, request, Payload(product), cancellationToken);
        return answer.Created(Remote.Get(answer.Json, "data", "item_id"), $"Lazada {Create}");
    }

    private async Task<SyncOutcome> UpdateAsync(SyncRequest request, string? itemId, CancellationToken cancellationToken)
    {
        var listing = request.Listing;
        var sku = new { ItemId = itemId, listing.SellerSku, Price = listing.PriceVnd, Quantity = listing.Stock };
        var answer = await CallAsync(HttpMethod.Post, PriceQuantity, request, Payload(new { Skus = new { Sku = new[] { sku } } }), cancellationToken);
        return answer.Outcome(itemId);
    }

    private async Task<SyncOutcome> DeactivateAsync(SyncRequest request, string itemId, CancellationToken cancellationToken)
    {
        var product = new { ItemId = itemId, Skus = new { SellerSku = new[] { request.Listing.SellerSku } } };
        var answer = await CallAsync(HttpMethod.Post, Deactivate, request, Payload(product), cancellationToken);
        return answer.Outcome(itemId);
    }

    private static KeyValuePair<string, string>[] Payload(object product) =>
        [new("payload", JsonSerializer.Serialize(new { Request = new { Product = product } }, Remote.ExactJson))];

    private async Task<Answer> CallAsync(
        HttpMethod method, string path, SyncRequest request, KeyValuePair<string, string>[] parameters, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["app_key"] = lazada.AppKey!,
            ["timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["sign_method"] = "sha256",
            ["access_token"] = request.Shop.AccessToken!,
        };
        var form = method == HttpMethod.Post ? parameters : [];
        if (method != HttpMethod.Post)
        {
            foreach (var (name, value) in parameters)
            {
                query[name] = value;
            }
        }

        query["sign"] = LazadaSigner.Sign(path, query.Concat(form), lazada.AppSecret!);
        using var message = new HttpRequestMessage(method, Remote.Url(lazada.BaseUrl!, path, query));
        if (form.Length > 0)
        {
            message.Content = new FormUrlEncodedContent(form);
        }

        return await Remote.SendAsync(http, message, $"Lazada {path}", Error, time, cancellationToken);
    }

    /// <summary>Lazada answers with <c>code</c> "0" on success, otherwise a code such as E901 or IllegalAccessToken.</summary>
    private static PlatformError? Error(JsonObject json)
    {
        var code = Remote.Text(json["code"]);
        return code is null or "0" ? null : new PlatformError(code, Remote.Text(json["message"]) ?? "", Classify(code));
    }

    private static SyncFailureKind Classify(string code) => code switch
    {
        "E901" or "ApiCallLimit" or "ServiceTimeout" or "ServiceUnavailable" or "InternalError" => SyncFailureKind.Retryable,
        "IllegalAccessToken" or "MissingAccessToken" or "AccessTokenExpired" or "AccessDenied" => SyncFailureKind.Auth,
        _ => SyncFailureKind.Permanent,
    };
}
