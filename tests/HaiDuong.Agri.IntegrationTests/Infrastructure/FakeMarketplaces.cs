using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>What <see cref="FakeMarketplaces.FailNext"/> makes the next matching call answer.</summary>
public enum FakeFailure
{
    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>HTTP 429 with <c>Retry-After</c> in seconds.</summary>
    TooManyRequests,

    /// <summary>The platform's expired/invalid access token answer.</summary>
    AuthError,

    /// <summary>The platform's refusal of the content (a validation error).</summary>
    ValidationError,

    /// <summary>The platform's throttling code in an HTTP 200 answer (Shopee error_too_many_request, Lazada E901, TikTok 36009002; webhook 503).</summary>
    Throttled,
}

/// <summary>One call the fake received and what it answered (paths without the platform prefix).</summary>
public sealed record FakeRequest(Marketplace Marketplace, string Method, string Path, string Query, string Body, int Status, string Answer);

/// <summary>A product as the platform holds it now.</summary>
public sealed record FakeProduct(
    Marketplace Marketplace,
    string ShopId,
    string ExternalId,
    string SellerSku,
    string Title,
    string Description,
    long PriceVnd,
    int Stock,
    decimal? WeightKg,
    bool Listed,
    string CreateBody);

/// <summary>A webhook delivery the fake accepted (repeats included).</summary>
public sealed record FakeDelivery(string Event, string DeliveryId, string Body);

/// <summary>Holds a create until <see cref="Release"/> (or until the client goes away); the create is recorded before holding.</summary>
public sealed class FakeHold
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held create has reached the fake (and was recorded).</summary>
    public Task Arrived => arrived.Task;

    public void Release() => released.TrySetResult();

    internal Task Released => released.Task;

    internal void Arrive() => arrived.TrySetResult();
}

/// <summary>
/// Shopee, Lazada, TikTok Shop and a webhook receiver on one loopback Kestrel server (port 0), under the path prefixes
/// <c>/shopee</c>, <c>/lazada</c>, <c>/tiktok</c> and <c>/webhook</c>. It checks every signature and access token as the
/// platform would, keeps products per platform and shop, and can be told to fail or hold the next calls.
/// </summary>
public sealed partial class FakeMarketplaces : IAsyncDisposable
{
    public const long ShopeePartnerId = 2001887;
    public const string ShopeePartnerKey = "fake-shopee-partner-key";
    public const string LazadaAppKey = "100200";
    public const string LazadaAppSecret = "fake-lazada-app-secret";
    public const string TikTokAppKey = "6fakeapp";
    public const string TikTokAppSecret = "fake-tiktok-app-secret";
    public const string WebhookSecret = "fake-webhook-secret";

    private readonly Lock gate = new();
    private readonly List<FakeRequest> requests = [];
    private readonly List<FakeRequest> signatureFailures = [];
    private readonly List<FakeDelivery> deliveries = [];
    private readonly List<FakeProduct> products = [];
    private readonly Dictionary<Marketplace, int> creates = [];
    private readonly Dictionary<(Marketplace, string Shop), string> tokens = [];
    private readonly Dictionary<(Marketplace, string Shop, string Key), JsonObject> idempotent = [];
    private readonly List<FailureRule> failures = [];
    private readonly List<(Marketplace Marketplace, FakeHold Hold)> holds = [];
    private WebApplication? app;
    private long nextId = 1000;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<FakeRequest> Requests => Locked(() => requests.ToList());

    /// <summary>Calls refused because their signature (or Shopee timestamp) did not verify.</summary>
    public IReadOnlyList<FakeRequest> SignatureFailures => Locked(() => signatureFailures.ToList());

    public IReadOnlyList<FakeDelivery> Deliveries => Locked(() => deliveries.ToList());

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        Locked(() => holds.ForEach(h => h.Hold.Release()));
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public static string Prefix(Marketplace marketplace) => "/" + marketplace.ToString().ToLowerInvariant();

    public string BaseUrl(Marketplace marketplace) => BaseAddress.GetLeftPart(UriPartial.Authority) + Prefix(marketplace);

    /// <summary>The partner settings the app (or an adapter's options) takes to reach this fake.</summary>
    public Dictionary<string, string?> Configuration() => new()
    {
        ["Marketplaces:Shopee:BaseUrl"] = BaseUrl(Marketplace.Shopee),
        ["Marketplaces:Shopee:PartnerId"] = ShopeePartnerId.ToString(CultureInfo.InvariantCulture),
        ["Marketplaces:Shopee:PartnerKey"] = ShopeePartnerKey,
        ["Marketplaces:Lazada:BaseUrl"] = BaseUrl(Marketplace.Lazada),
        ["Marketplaces:Lazada:AppKey"] = LazadaAppKey,
        ["Marketplaces:Lazada:AppSecret"] = LazadaAppSecret,
        ["Marketplaces:TikTok:BaseUrl"] = BaseUrl(Marketplace.Tiktok),
        ["Marketplaces:TikTok:AppKey"] = TikTokAppKey,
        ["Marketplaces:TikTok:AppSecret"] = TikTokAppSecret,
        ["Marketplaces:Webhook:Url"] = BaseUrl(Marketplace.Webhook) + "/listings",
        ["Marketplaces:Webhook:Secret"] = WebhookSecret,
    };

    /// <summary>The access token the shop's calls must carry (any other answers the platform's auth error).</summary>
    public void AcceptToken(Marketplace marketplace, string shopId, string token) => Locked(() => tokens[(marketplace, shopId)] = token);

    /// <summary>The next <paramref name="times"/> calls to the marketplace (whose path contains <paramref name="pathContains"/>) fail so.</summary>
    public void FailNext(Marketplace marketplace, FakeFailure kind, int times = 1, TimeSpan? retryAfter = null, string? pathContains = null) =>
        Locked(() => failures.Add(new FailureRule(marketplace, kind, retryAfter, pathContains) { Remaining = times }));

    /// <summary>The next create at the marketplace is recorded, then not answered until released or the client goes away.</summary>
    public FakeHold HoldNext(Marketplace marketplace)
    {
        var hold = new FakeHold();
        Locked(() => holds.Add((marketplace, hold)));
        return hold;
    }

    /// <summary>Creates that made a product (a repeated idempotency key or delivery id is not counted again).</summary>
    public int Creates(Marketplace marketplace) => Locked(() => creates.GetValueOrDefault(marketplace));

    /// <summary>The newest product with that seller SKU at the marketplace, in any shop.</summary>
    public FakeProduct? Product(Marketplace marketplace, string sellerSku) =>
        Locked(() => products.LastOrDefault(p => p.Marketplace == marketplace && p.SellerSku == sellerSku));

    public IReadOnlyList<FakeProduct> Products(Marketplace marketplace) => Locked(() => products.Where(p => p.Marketplace == marketplace).ToList());

    private async Task HandleAsync(HttpContext context)
    {
        var fullPath = context.Request.Path.Value ?? "";
        var marketplace = Enum.GetValues<Marketplace>().Cast<Marketplace?>()
            .FirstOrDefault(m => fullPath.StartsWith(Prefix(m!.Value) + "/", StringComparison.Ordinal) || fullPath == Prefix(m!.Value));
        if (marketplace is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var call = new Call(
            marketplace.Value,
            context.Request.Method,
            fullPath[Prefix(marketplace.Value).Length..] is { Length: > 0 } rest ? rest : "/",
            context.Request.QueryString.Value ?? "",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            buffer.ToArray());

        FakeHold? hold = null;
        var reply = Locked(() =>
        {
            var answer = Handle(call);
            if (answer.Created && holds.FindIndex(h => h.Marketplace == call.Marketplace) is var at and >= 0)
            {
                hold = holds[at].Hold;
                holds.RemoveAt(at);
            }

            return answer;
        });

        if (hold is not null)
        {
            hold.Arrive();
            try
            {
                await hold.Released.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(call, 499, "(the client went away while the create was held)");
                return;
            }
        }

        Record(call, reply.Status, reply.Json);
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Json, context.RequestAborted);
    }

    /// <summary>Signature, then injected failures, then the token, then the platform's own behaviour; under the lock.</summary>
    private Reply Handle(Call call)
    {
        if (SignatureRefusal(call) is { } refusal)
        {
            signatureFailures.Add(call.Recorded(refusal.Status, refusal.Json));
            return refusal;
        }

        var rule = failures.FirstOrDefault(f => f.Marketplace == call.Marketplace && (f.PathContains is null || call.Path.Contains(f.PathContains, StringComparison.Ordinal)));
        if (rule is not null)
        {
            if (--rule.Remaining <= 0)
            {
                failures.Remove(rule);
            }

            return Failure(call.Marketplace, rule.Kind, rule.RetryAfter);
        }

        if (call.Marketplace != Marketplace.Webhook && ShopOf(call) is null)
        {
            return Failure(call.Marketplace, FakeFailure.AuthError, null);
        }

        return call.Marketplace switch
        {
            Marketplace.Shopee => Shopee(call),
            Marketplace.Lazada => Lazada(call),
            Marketplace.Tiktok => TikTok(call),
            _ => Webhook(call),
        };
    }

    /// <summary>The shop whose registered token the call carries, or null.</summary>
    private string? ShopOf(Call call)
    {
        var (shop, token) = call.Marketplace switch
        {
            Marketplace.Shopee => (call.Query.GetValueOrDefault("shop_id"), call.Query.GetValueOrDefault("access_token")),
            // A Lazada token stands for its seller: the call names no shop.
            Marketplace.Lazada => (tokens.FirstOrDefault(t => t.Key.Item1 == Marketplace.Lazada && t.Value == call.Query.GetValueOrDefault("access_token")).Key.Shop,
                call.Query.GetValueOrDefault("access_token")),
            _ => (call.Query.GetValueOrDefault("shop_cipher"), call.Headers.GetValueOrDefault("x-tts-access-token")),
        };
        return shop is not null && token is not null && tokens.GetValueOrDefault((call.Marketplace, shop)) == token ? shop : null;
    }

    private FakeProduct AddProduct(FakeProduct product)
    {
        products.Add(product);
        creates[product.Marketplace] = creates.GetValueOrDefault(product.Marketplace) + 1;
        return product;
    }

    private FakeProduct Update(FakeProduct product, Func<FakeProduct, FakeProduct> change)
    {
        var changed = change(product);
        products[products.IndexOf(product)] = changed;
        return changed;
    }

    private string NewId() => (++nextId).ToString(CultureInfo.InvariantCulture);

    private void Record(Call call, int status, string answer) => Locked(() => requests.Add(call.Recorded(status, answer)));

    private T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    private void Locked(Action act)
    {
        lock (gate)
        {
            act();
        }
    }

    private static Reply Json(int status, object body, TimeSpan? retryAfter = null, bool created = false) =>
        new(status, JsonSerializer.Serialize(body, JsonOptions), retryAfter, created);

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonObject? ParseObject(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? At(JsonNode? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (step, node) switch
            {
                (string name, JsonObject o) => o[name],
                (int index, JsonArray a) when index < a.Count => a[index],
                _ => null,
            };
        }

        return node;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        } : null;

    private static decimal? Number(JsonNode? node) =>
        decimal.TryParse(Text(node), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    private sealed record Call(
        Marketplace Marketplace,
        string Method,
        string Path,
        string RawQuery,
        Dictionary<string, string> Query,
        Dictionary<string, string> Headers,
        string? ContentType,
        byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        /// <summary>Form fields of a form-encoded body (Lazada's payload).</summary>
        public Dictionary<string, string> Form =>
            ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                ? QueryHelpers.ParseQuery(Text).ToDictionary(f => f.Key, f => f.Value.ToString())
                : [];

        public FakeRequest Recorded(int status, string answer) => new(Marketplace, Method, Path, RawQuery, Text, status, answer);
    }

    private sealed record Reply(int Status, string Json, TimeSpan? RetryAfter, bool Created);

    private sealed record FailureRule(Marketplace Marketplace, FakeFailure Kind, TimeSpan? RetryAfter, string? PathContains)
    {
        public int Remaining { get; set; }
    }
}
