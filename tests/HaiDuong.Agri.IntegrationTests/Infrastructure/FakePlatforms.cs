using System.Globalization;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces.Signing;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>Each platform's answers, in its own shapes and error codes.</summary>
public sealed partial class FakeMarketplaces
{
    private static Reply? SignatureRefusal(Call call)
    {
        switch (call.Marketplace)
        {
            case Marketplace.Shopee:
                var q = call.Query;
                var fresh = long.TryParse(q.GetValueOrDefault("timestamp"), CultureInfo.InvariantCulture, out var timestamp)
                    && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) <= 300;
                var signed = fresh
                    && q.GetValueOrDefault("partner_id") == ShopeePartnerId.ToString(CultureInfo.InvariantCulture)
                    && ShopeeSigner.Verify(ShopeePartnerId, call.Path, timestamp, q.GetValueOrDefault("access_token") ?? "", q.GetValueOrDefault("shop_id") ?? "", ShopeePartnerKey, q.GetValueOrDefault("sign"));
                return signed ? null : ShopeeError(200, "error_sign", "Wrong sign.");

            case Marketplace.Lazada:
                var parameters = call.Query.Concat(call.Form).ToList();
                return call.Query.GetValueOrDefault("app_key") == LazadaAppKey
                    && LazadaSigner.Verify(call.Path, parameters, LazadaAppSecret, call.Query.GetValueOrDefault("sign"))
                    ? null
                    : LazadaError(200, "IncompleteSignature", "The request signature does not conform to platform standards");

            case Marketplace.Tiktok:
                return call.Query.GetValueOrDefault("app_key") == TikTokAppKey
                    && TikTokSigner.Verify(call.Path, call.Query, call.Body, TikTokAppSecret, call.Query.GetValueOrDefault("sign"))
                    ? null
                    : TikTokError(200, 106001, "Invalid signature.");

            default:
                return WebhookSigner.Verify(call.Body, WebhookSecret, call.Headers.GetValueOrDefault("X-Agri-Signature"))
                    ? null
                    : Json(401, new { error = "bad signature" });
        }
    }

    private static Reply Failure(Marketplace marketplace, FakeFailure kind, TimeSpan? retryAfter)
    {
        var wait = retryAfter ?? TimeSpan.FromSeconds(1);
        return (marketplace, kind) switch
        {
            (_, FakeFailure.ServerError) => Json(500, new { error = "error_server", code = "500", message = "Internal server error" }),
            (Marketplace.Shopee, FakeFailure.TooManyRequests) => ShopeeError(429, "error_too_many_request", "Too many requests.", wait),
            (Marketplace.Shopee, FakeFailure.Throttled) => ShopeeError(200, "error_too_many_request", "Too many requests.", retryAfter),
            (Marketplace.Shopee, FakeFailure.AuthError) => ShopeeError(403, "invalid_access_token", "Invalid access_token."),
            (Marketplace.Shopee, _) => ShopeeError(200, "error_param", "item_name: the name is too long."),
            (Marketplace.Lazada, FakeFailure.TooManyRequests) => LazadaError(429, "E901", "The request has exceeded the limit.", wait),
            (Marketplace.Lazada, FakeFailure.Throttled) => LazadaError(200, "E901", "The request has exceeded the limit.", retryAfter),
            (Marketplace.Lazada, FakeFailure.AuthError) => LazadaError(200, "IllegalAccessToken", "The specified access token is invalid or expired"),
            (Marketplace.Lazada, _) => LazadaError(200, "InvalidParameter", "Invalid Request Format: PrimaryCategory"),
            (Marketplace.Tiktok, FakeFailure.TooManyRequests) => TikTokError(429, 36009002, "Too many requests.", wait),
            (Marketplace.Tiktok, FakeFailure.Throttled) => TikTokError(200, 36009002, "Too many requests.", retryAfter),
            (Marketplace.Tiktok, FakeFailure.AuthError) => TikTokError(200, 105002, "Expired credentials."),
            (Marketplace.Tiktok, _) => TikTokError(200, 12052023, "The product title is invalid."),
            (_, FakeFailure.TooManyRequests) => Json(429, new { error = "slow down" }, wait),
            (_, FakeFailure.Throttled) => Json(503, new { error = "busy" }, retryAfter),
            (_, FakeFailure.AuthError) => Json(401, new { error = "unauthorised" }),
            _ => Json(422, new { error = "listing.title is required" }),
        };
    }

    private Reply Shopee(Call call)
    {
        var shop = call.Query["shop_id"];
        var body = ParseObject(call.Body);
        FakeProduct? Item(JsonNode? id) =>
            products.FirstOrDefault(p => p.Marketplace == Marketplace.Shopee && p.ShopId == shop && p.ExternalId == Text(id));

        switch (call.Method, call.Path)
        {
            case ("GET", "/api/v2/product/search_item"):
                var ids = products.Where(p => p.Marketplace == Marketplace.Shopee && p.ShopId == shop && p.SellerSku == call.Query.GetValueOrDefault("item_sku"))
                    .Select(p => long.Parse(p.ExternalId, CultureInfo.InvariantCulture)).ToList();
                return ShopeeOk(new { item_id_list = ids, total_count = ids.Count, has_next_page = false });

            case ("POST", "/api/v2/product/add_item"):
                var name = Text(At(body, "item_name"));
                var price = Number(At(body, "original_price"));
                var sku = Text(At(body, "item_sku"));
                if (string.IsNullOrWhiteSpace(name) || price is not > 0 || string.IsNullOrWhiteSpace(sku))
                {
                    return ShopeeError(200, "error_param", "item_name, original_price and item_sku are required.");
                }

                var added = AddProduct(new FakeProduct(
                    Marketplace.Shopee, shop, NewId(), sku, name, Text(At(body, "description")) ?? "", (long)price,
                    (int)(Number(At(body, "seller_stock", 0, "stock")) ?? 0), Number(At(body, "weight")), true, call.Text));
                return ShopeeOk(new { item_id = long.Parse(added.ExternalId, CultureInfo.InvariantCulture), item_name = name }, created: true);

            case ("POST", "/api/v2/product/update_price"):
                var newPrice = Number(At(body, "price_list", 0, "original_price"));
                if (Item(At(body, "item_id")) is not { } priced || newPrice is not > 0)
                {
                    return ShopeeError(200, "error_item_not_found", "Item not found or price missing.");
                }

                Update(priced, p => p with { PriceVnd = (long)newPrice.Value });
                return ShopeeOk(new { success_list = new[] { new { model_id = 0, original_price = newPrice } }, failure_list = Array.Empty<object>() });

            case ("POST", "/api/v2/product/update_stock"):
                if (Item(At(body, "item_id")) is not { } stocked || Number(At(body, "stock_list", 0, "seller_stock", 0, "stock")) is not { } stock)
                {
                    return ShopeeError(200, "error_item_not_found", "Item not found or stock missing.");
                }

                Update(stocked, p => p with { Stock = (int)stock });
                return ShopeeOk(new { success_list = new[] { new { model_id = 0, stock } }, failure_list = Array.Empty<object>() });

            case ("POST", "/api/v2/product/unlist_item"):
                if (Item(At(body, "item_list", 0, "item_id")) is not { } unlisted)
                {
                    return ShopeeError(200, "error_item_not_found", "Item not found.");
                }

                var unlist = At(body, "item_list", 0, "unlist")?.GetValue<bool>() ?? false;
                Update(unlisted, p => p with { Listed = !unlist });
                return ShopeeOk(new { success_list = new[] { new { item_id = long.Parse(unlisted.ExternalId, CultureInfo.InvariantCulture), unlist } }, failure_list = Array.Empty<object>() });

            default:
                return ShopeeError(404, "error_not_found", $"No such API: {call.Path}");
        }
    }

    private Reply Lazada(Call call)
    {
        var shop = ShopOf(call)!;
        var payload = call.Form.GetValueOrDefault("payload") is { } text ? JsonNode.Parse(text) : null;
        var product = At(payload, "Request", "Product");
        var sku = At(product, "Skus", "Sku", 0);
        FakeProduct? Find(Func<FakeProduct, bool> match) =>
            products.FirstOrDefault(p => p.Marketplace == Marketplace.Lazada && p.ShopId == shop && match(p));

        switch (call.Method, call.Path)
        {
            case ("GET", "/products/get"):
                var search = call.Query.GetValueOrDefault("search") ?? "";
                var found = products.Where(p => p.Marketplace == Marketplace.Lazada && p.ShopId == shop && p.SellerSku.Contains(search, StringComparison.OrdinalIgnoreCase))
                    .Select(p => new { item_id = long.Parse(p.ExternalId, CultureInfo.InvariantCulture), skus = new[] { new { p.SellerSku, quantity = p.Stock, price = p.PriceVnd } } })
                    .ToList();
                return LazadaOk(new { total_products = found.Count, products = found });

            case ("POST", "/product/create"):
                var name = Text(At(product, "Attributes", "name"));
                var sellerSku = Text(At(sku, "SellerSku"));
                var price = Number(At(sku, "price"));
                if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(sellerSku) || price is not > 0)
                {
                    return LazadaError(200, "InvalidParameter", "Attributes.name, SellerSku and price are required");
                }

                var created = AddProduct(new FakeProduct(
                    Marketplace.Lazada, shop, NewId(), sellerSku, name, Text(At(product, "Attributes", "description")) ?? "", (long)price,
                    (int)(Number(At(sku, "quantity")) ?? 0), Number(At(sku, "package_weight")), true, call.Text));
                return LazadaOk(new { item_id = long.Parse(created.ExternalId, CultureInfo.InvariantCulture), sku_list = new[] { new { seller_sku = sellerSku } } }, created: true);

            case ("POST", "/product/price_quantity/update"):
                var itemId = Text(At(sku, "ItemId"));
                if (Find(p => p.SellerSku == Text(At(sku, "SellerSku")) && (itemId is null || p.ExternalId == itemId)) is not { } updated)
                {
                    return LazadaError(200, "SellerSkuNotFound", "No product with this SellerSku");
                }

                Update(updated, p => p with
                {
                    PriceVnd = (long)(Number(At(sku, "Price")) ?? p.PriceVnd),
                    Stock = (int)(Number(At(sku, "Quantity")) ?? p.Stock),
                });
                return LazadaOk(new { });

            case ("POST", "/product/deactivate"):
                if (Find(p => p.ExternalId == Text(At(product, "ItemId"))) is not { } deactivated)
                {
                    return LazadaError(200, "ItemNotFound", "No product with this ItemId");
                }

                Update(deactivated, p => p with { Listed = false });
                return LazadaOk(new { });

            default:
                return LazadaError(404, "InvalidApiPath", $"No such API: {call.Path}");
        }
    }

    private Reply TikTok(Call call)
    {
        const string products202309 = "/product/202309/products";
        var shop = call.Query["shop_cipher"];
        var body = ParseObject(call.Body);
        var segments = call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries); // product 202309 products {id} prices update
        FakeProduct? Find(string? id) =>
            products.FirstOrDefault(p => p.Marketplace == Marketplace.Tiktok && p.ShopId == shop && p.ExternalId == id);

        if (call.Method != "POST")
        {
            return TikTokError(404, 40006, "Not found.");
        }

        if (call.Path == products202309)
        {
            var key = call.Query.GetValueOrDefault("idempotency_key");
            if (key is not null && idempotent.TryGetValue((Marketplace.Tiktok, shop, key), out var first))
            {
                return TikTokOk(first); // the same product again, nothing created
            }

            var title = Text(At(body, "title"));
            var sku = Text(At(body, "skus", 0, "seller_sku"));
            var price = Number(At(body, "skus", 0, "price", "amount"));
            if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(sku) || price is not > 0)
            {
                return TikTokError(200, 12052023, "title, skus[0].seller_sku and skus[0].price are required.");
            }

            var created = AddProduct(new FakeProduct(
                Marketplace.Tiktok, shop, "17" + NewId(), sku, title, Text(At(body, "description")) ?? "", (long)price,
                (int)(Number(At(body, "skus", 0, "inventory", 0, "quantity")) ?? 0), Number(At(body, "package_weight", "value")), true, call.Text));
            var data = new JsonObject { ["product_id"] = created.ExternalId, ["skus"] = new JsonArray(new JsonObject { ["id"] = "sku" + created.ExternalId, ["seller_sku"] = sku }) };
            if (key is not null)
            {
                idempotent[(Marketplace.Tiktok, shop, key)] = data;
            }

            return TikTokOk(data, created: true);
        }

        if (call.Path == products202309 + "/deactivate")
        {
            var ids = (At(body, "product_ids") as JsonArray)?.Select(Text).ToList() ?? [];
            var found = ids.Select(Find).ToList();
            if (ids.Count == 0 || found.Any(p => p is null))
            {
                return TikTokError(200, 12019001, "Product not found.");
            }

            found.ForEach(p => Update(p!, q => q with { Listed = false }));
            return TikTokOk(new JsonObject { ["errors"] = new JsonArray() });
        }

        if (segments is ["product", "202309", "products", var id, var what, "update"] && Find(id) is { } product)
        {
            switch (what)
            {
                case "prices" when Number(At(body, "skus", 0, "price", "amount")) is > 0 and var amount:
                    Update(product, p => p with { PriceVnd = (long)amount });
                    return TikTokOk(new JsonObject());
                case "inventory" when Number(At(body, "skus", 0, "inventory", 0, "quantity")) is { } quantity:
                    Update(product, p => p with { Stock = (int)quantity });
                    return TikTokOk(new JsonObject());
                default:
                    return TikTokError(200, 12052023, $"Invalid {what} update.");
            }
        }

        return TikTokError(200, 12019001, "Product not found.");
    }

    private Reply Webhook(Call call)
    {
        var @event = call.Headers.GetValueOrDefault("X-Agri-Event") ?? "";
        var deliveryId = call.Headers.GetValueOrDefault("X-Agri-Delivery") ?? "";
        deliveries.Add(new FakeDelivery(@event, deliveryId, call.Text));
        if (idempotent.TryGetValue((Marketplace.Webhook, "", deliveryId), out var first))
        {
            return Json(200, first); // a redelivery: acknowledged, not applied again
        }

        var listing = At(ParseObject(call.Body), "listing");
        var sku = Text(At(listing, "sellerSku"));
        if (string.IsNullOrWhiteSpace(sku) || deliveryId.Length == 0)
        {
            return Json(422, new { error = "listing.sellerSku and X-Agri-Delivery are required" });
        }

        var existing = products.LastOrDefault(p => p.Marketplace == Marketplace.Webhook && p.SellerSku == sku);
        var created = false;
        switch (@event)
        {
            case "listing.published":
                existing = AddProduct(new FakeProduct(
                    Marketplace.Webhook, "", "hook-" + NewId(), sku, Text(At(listing, "title")) ?? "", Text(At(listing, "description")) ?? "",
                    (long)(Number(At(listing, "priceVnd")) ?? 0), (int)(Number(At(listing, "stock")) ?? 0),
                    Number(At(listing, "netWeightGrams")) / 1000m, true, call.Text));
                created = true;
                break;
            case "listing.updated" or "listing.delisted" when existing is not null:
                existing = Update(existing, p => p with
                {
                    Title = Text(At(listing, "title")) ?? p.Title,
                    PriceVnd = (long)(Number(At(listing, "priceVnd")) ?? p.PriceVnd),
                    Stock = (int)(Number(At(listing, "stock")) ?? p.Stock),
                    Listed = @event == "listing.updated",
                });
                break;
            default:
                return Json(404, new { error = $"{@event} for an unknown listing" });
        }

        var answer = new JsonObject { ["id"] = existing.ExternalId };
        idempotent[(Marketplace.Webhook, "", deliveryId)] = answer;
        return Json(200, answer, created: created);
    }

    private static Reply ShopeeOk(object response, bool created = false) =>
        Json(200, new { error = "", message = "", request_id = Guid.NewGuid().ToString("N"), response }, created: created);

    private static Reply ShopeeError(int status, string error, string message, TimeSpan? retryAfter = null) =>
        Json(status, new { error, message, request_id = Guid.NewGuid().ToString("N") }, retryAfter);

    private static Reply LazadaOk(object data, bool created = false) =>
        Json(200, new { code = "0", data, request_id = Guid.NewGuid().ToString("N") }, created: created);

    private static Reply LazadaError(int status, string code, string message, TimeSpan? retryAfter = null) =>
        Json(status, new { type = "ISV", code, message, request_id = Guid.NewGuid().ToString("N") }, retryAfter);

    private static Reply TikTokOk(JsonObject data, bool created = false) =>
        Json(200, new { code = 0, message = "Success", request_id = Guid.NewGuid().ToString("N"), data }, created: created);

    private static Reply TikTokError(int status, int code, string message, TimeSpan? retryAfter = null) =>
        Json(status, new { code, message, request_id = Guid.NewGuid().ToString("N") }, retryAfter);
}
