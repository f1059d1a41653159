using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.Marketplaces.Adapters;

/// <summary>A platform's own refusal inside an answer body, already classified.</summary>
internal sealed record PlatformError(string Code, string Message, SyncFailureKind Kind);

/// <summary>The JSON answer of a call that succeeded, or why it failed.</summary>
internal readonly record struct Answer(JsonObject? Json, SyncFailed? Failure)
{
    /// <summary>The sync's outcome when this was its last call.</summary>
    public SyncOutcome Outcome(string? externalId) => Failure ?? (SyncOutcome)new SyncSucceeded(externalId);

    /// <summary>
    /// The outcome of a create: without an id in the answer we could not address the product later, so it is retried
    /// (safe: a retried create looks the SKU up first or repeats its idempotency key).
    /// </summary>
    public SyncOutcome Created(JsonNode? id, string call) =>
        Failure ?? (Remote.Text(id) is { } externalId
            ? (SyncOutcome)new SyncSucceeded(externalId)
            : new SyncFailed(SyncFailureKind.Retryable, $"{call}: the answer carried no id: {Json?.ToJsonString()}"));
}

/// <summary>
/// Sends one call and turns every remote failure into a <see cref="SyncFailed"/>, so no adapter throws for the network:
/// the status and the platform's code decide the kind; only the caller's own cancellation escapes.
/// </summary>
internal static class Remote
{
    /// <summary>Vietnamese stays readable in bodies (only HTML-sensitive characters are escaped).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static readonly JsonSerializerOptions SnakeJson = new(Json) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Property names exactly as written (Lazada mixes <c>SellerSku</c> and <c>package_weight</c>).</summary>
    public static readonly JsonSerializerOptions ExactJson = new(Json) { PropertyNamingPolicy = null };

    public static async Task<Answer> SendAsync(
        HttpClient http,
        HttpRequestMessage request,
        string call,
        Func<JsonObject, PlatformError?> platformError,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return Classify(response, text, call, platformError, time);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(SyncFailureKind.Retryable, $"{call}: no answer within {http.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Fail(SyncFailureKind.Retryable, $"{call}: {e.Message}");
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Throttling and server trouble first (whatever the body says), then the platform's code, then the status.</summary>
    private static Answer Classify(HttpResponseMessage response, string text, string call, Func<JsonObject, PlatformError?> platformError, TimeProvider time)
    {
        var json = TryParse(text);
        var status = (int)response.StatusCode;
        var error = json is null ? null : platformError(json);
        var said = error is null ? Snippet(text) : $"{error.Code}: {error.Message}";
        if (status is 408 or 429 or >= 500)
        {
            return Fail(SyncFailureKind.Retryable, $"{call}: HTTP {status} {said}", RetryAfter(response, time));
        }

        if (error is not null)
        {
            return Fail(error.Kind, $"{call}: {said}", error.Kind == SyncFailureKind.Retryable ? RetryAfter(response, time) : null);
        }

        if (status is 401 or 403)
        {
            return Fail(SyncFailureKind.Auth, $"{call}: HTTP {status} {said}");
        }

        return response.IsSuccessStatusCode ? new Answer(json, null) : Fail(SyncFailureKind.Permanent, $"{call}: HTTP {status} {said}");
    }

    /// <summary>The marketplace's <c>Retry-After</c>, as delta seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? TimeSpan.FromTicks(Math.Max(0, (date - time.GetUtcNow()).Ticks)) : null;
    }

    /// <summary>Absolute URL under a base URL that may carry a path prefix.</summary>
    public static string Url(string baseUrl, string path, IEnumerable<KeyValuePair<string, string>> query) =>
        baseUrl.TrimEnd('/') + path + "?" + string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>Walks object properties; null when a step is missing or not an object (answers vary, never throw on them).</summary>
    public static JsonNode? Get(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return node;
    }

    /// <summary>A number or string JSON value as text (platforms send ids as either).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        } : null;

    /// <summary>What the description shows on every marketplace: the seller's text, then the trace link and identifiers.</summary>
    public static string Description(ListingSnapshot listing)
    {
        var trace = $"Truy xuất nguồn gốc (traceability): {listing.TraceUrl}\nGTIN: {listing.Gtin} · Lô (lot): {listing.LotCode}";
        return string.IsNullOrWhiteSpace(listing.Description) ? trace : $"{listing.Description.Trim()}\n\n{trace}";
    }

    public static SyncFailed NotConfigured(string section, string keys) =>
        new(SyncFailureKind.Permanent, $"Marketplaces:{section} is not configured ({keys})");

    /// <summary>A lookup whose answer lacks the expected object must not be read as "not found" (that would create a duplicate).</summary>
    public static SyncFailed Unexpected(string call, JsonObject? json) =>
        new(SyncFailureKind.Retryable, $"{call}: unexpected answer {json?.ToJsonString()}");

    /// <summary>An absolute http(s) URL: anything else could not be called.</summary>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static SyncFailed NoToken(string platform) =>
        new(SyncFailureKind.Auth, $"{platform}: the linked shop has no access token");

    private static Answer Fail(SyncFailureKind kind, string reason, TimeSpan? retryAfter = null) => new(null, new SyncFailed(kind, reason, retryAfter));

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(string text) =>
        text.Length <= 300 ? text.ReplaceLineEndings(" ") : text[..300].ReplaceLineEndings(" ") + "…";
}
