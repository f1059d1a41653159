using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// The resolver's HTTP answer for a trace view: the page (HTML), the JSON view or the GS1 linkset as the client asks,
/// 404 for an unknown or voided code, throttling of unknown codes per address, and caching headers (a unit page is never
/// shared; a lot page has a strong ETag).
/// </summary>
public static class TraceAnswer
{
    public const string TooManyUnknownCodesCode = "too-many-unknown-codes";

    /// <summary>A linkset asked of a code that has none (unknown, or a voided stamp).</summary>
    public const string NoLinksetCode = "no-linkset";

    public static async Task<IResult> ResolveAsync(
        HttpContext http, TraceService service, FailedLookupLimiter limiter, string gtin, string lot, string? serial)
    {
        var text = TraceText.For(http.Request);
        var wants = Negotiate(http.Request);
        var linkType = http.Request.Query["linkType"].ToString();

        // Only a person's page view is a scan: the plain Digital Link a QR code carries, opened as a page by a browser. Not
        // HEAD, the JSON view or a linkset (apps and resolvers checking a code), a link type chosen, a language switched
        // (?lang=), nor a chat app's link preview; none of these can start a copy warning or be the stamp's first scan.
        var countScan = serial is not null && HttpMethods.IsGet(http.Request.Method) && wants == "text/html" && linkType.Length == 0
            && !http.Request.Query.ContainsKey("lang") && !LinkPreviews.IsMachine(http.Request.Headers.UserAgent.ToString());
        var client = http.Connection.RemoteIpAddress;

        // An address that used up its unknown codes is answered without a query unless the lot is one this instance knows
        // (a shopper behind the same carrier address scanning a genuine stamp still gets the page).
        if (limiter.Exhausted(client) && !service.KnowsLot(Decode(gtin), Decode(lot)) && limiter.Fail(client) is { } early)
        {
            return TooManyUnknownCodes(http, wants, text, early);
        }

        var result = await service.ResolveAsync(Decode(gtin), Decode(lot), serial is null ? null : Decode(serial), countScan, text, http.RequestAborted);
        var view = result.View;
        if (view.Status == TraceStatus.Unknown && limiter.Fail(client) is { } wait)
        {
            return TooManyUnknownCodes(http, wants, text, wait);
        }

        var status = view.Status is TraceStatus.Unknown or TraceStatus.Voided ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;

        // Every answer names its linkset (GS1 resolver: the Link header), found or not.
        http.Response.Headers.Link = $"<{view.DigitalLink}?linkType=all>; rel=\"linkset\"; type=\"{TraceModule.LinksetType}\"";
        if (status == StatusCodes.Status200OK && LinkTypes.Target(linkType) is { } target)
        {
            if (target == LinkTypes.CertificationInfo)
            {
                if (view.Certifications.Count > 0)
                {
                    return Results.Redirect($"{http.Request.PathBase}{http.Request.Path}#certifications", permanent: false, preserveMethod: true);
                }
            }
            else
            {
                wants = target;
            }
        }

        if (wants == TraceModule.LinksetType && status != StatusCodes.Status200OK)
        {
            // Content negotiation holds on a 404 too: a linkset client gets a problem it can read, not a page.
            throw new ProblemException(
                StatusCodes.Status404NotFound, NoLinksetCode, view.Status == TraceStatus.Voided ? "This stamp was voided" : "No such code",
                view.Status == TraceStatus.Voided
                    ? "The stamp was voided by its producer: it has no links, and a product bearing it may not be genuine."
                    : "No product, lot or stamp has this code: it has no links, and a product bearing it may not be genuine.")
            {
                Headers = new Dictionary<string, string> { ["Link"] = http.Response.Headers.Link.ToString() },
            };
        }

        var kind = wants;
        http.Response.Headers.Vary = "Accept, Accept-Language";
        http.Response.Headers.ContentLanguage = text.Language;
        if (serial is not null || status != StatusCodes.Status200OK || result.Pages is null)
        {
            // A unit page counts scans and shows its own count: never stored by any cache.
            http.Response.Headers.CacheControl = "private, no-store";
        }
        else
        {
            // The lot page changes only with the lot's trace version: its ETag is that version (per language, type and
            // address), so a shared cache revalidates it without the page being rendered.
            var etag = ETagOf($"{result.Pages.Version} {text.Language} {kind} {http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}");
            http.Response.Headers.CacheControl = "public, max-age=300";
            http.Response.Headers.ETag = etag;
            if (Versions.IfNoneMatch(http.Request, etag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        var (body, contentType) = kind switch
        {
            TraceModule.LinksetType => (Linkset(http, view), TraceModule.LinksetType),
            "application/json" => (JsonSerializer.Serialize(view, AgriJson.Options), "application/json; charset=utf-8"),
            _ => (result.Pages is { } pages && view.Status != TraceStatus.Unknown
                ? await FillAsync(http, pages, view, text)
                : await RenderAsync(http, view, text, null), "text/html; charset=utf-8"),
        };

        return Results.Text(body, contentType, Encoding.UTF8, status);
    }

    /// <summary>What the page says of a stamp's scans: the first, or how many since when.</summary>
    public static string ScansLine(TraceScans scans, TraceText text) =>
        scans.Count <= 1 ? text["scans.first"] : text.Format("scans.text", scans.Count, scans.FirstScannedAt is { } first ? TraceText.Moment(first) : "—");

    /// <summary>The page from the lot version's template of its kind (rendered with markers on first use), filled with this request's parts.</summary>
    private static async Task<string> FillAsync(HttpContext http, LotPages pages, TraceView view, TraceText text)
    {
        const string Suspicious = "suspicious-scans";
        var suspicious = view.Warnings.FirstOrDefault(w => w.Code == Suspicious);
        var key = new PageKey(text.Language, view.Status, suspicious is not null, view.Serial is not null);
        var template = await pages.TemplateAsync(key, async () =>
        {
            var marked = view with
            {
                Serial = view.Serial is null ? null : TraceMarkers.Of(TraceMarkers.Serial),
                DigitalLink = TraceMarkers.Of(TraceMarkers.DigitalLink),
                Warnings = view.Warnings.Select(w => w.Code == Suspicious ? w with { Message = TraceMarkers.Of(TraceMarkers.SuspiciousWarning) } : w).ToList(),
            };
            return PageTemplate.Parse(await RenderAsync(http, marked, text, TraceMarkers.Of(TraceMarkers.ScansLine), TraceMarkers.Of(TraceMarkers.PageUrl)), TraceMarkers.All);
        });

        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        return template.Fill(
        [
            html.Encode(view.Serial ?? ""),
            PageTemplate.Json(view.DigitalLink),
            html.Encode($"{http.Request.PathBase}{http.Request.Path}"),
            view.Scans is { } scans ? html.Encode(ScansLine(scans, text)) : "",
            html.Encode(suspicious?.Message ?? ""),
        ]);
    }

    /// <summary>
    /// 429 for an address that looked up too many unknown codes: a browser gets a short page in its language with the wait,
    /// an app the problem.
    /// </summary>
    internal static IResult TooManyUnknownCodes(HttpContext http, string wants, TraceText text, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        if (wants != "text/html")
        {
            throw new ProblemException(
                StatusCodes.Status429TooManyRequests, TooManyUnknownCodesCode, "Too many unknown codes",
                "Too many codes that do not exist were looked up from this address; wait before trying again.")
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) },
            };
        }

        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentLanguage = text.Language;
        var body = $$"""
            <!DOCTYPE html>
            <html lang="{{text.Language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
            <title>{{html.Encode(text["throttled.title"])}}</title>
            <style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#f6f7f4}main{max-width:40rem;margin:0 auto;padding:1rem}.warn{border:2px solid #8a5a00;background:#fff6e0;color:#5c3c00;padding:.75rem 1rem;border-radius:.5rem}</style>
            </head><body><main><h1>{{html.Encode(text["throttled.title"])}}</h1><p class="warn" role="alert">{{html.Encode(text.Format("throttled", seconds))}}</p></main></body></html>
            """;
        return Results.Text(body, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status429TooManyRequests);
    }

    private static async Task<string> RenderAsync(HttpContext http, TraceView view, TraceText text, string? scansLine, string? pageUrl = null)
    {
        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(TracePage.View)] = view,
            [nameof(TracePage.Text)] = text,
            [nameof(TracePage.PageUrl)] = pageUrl ?? $"{http.Request.PathBase}{http.Request.Path}",
            [nameof(TracePage.ScansLine)] = scansLine,
        });
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<TracePage>(parameters)).ToHtmlString());
    }

    /// <summary>Route values arrive decoded except <c>%2F</c> (a '/' inside a GS1 AI value): finish that one job only.</summary>
    private static string Decode(string value) =>
        value.Replace("%2F", "/", StringComparison.Ordinal).Replace("%2f", "/", StringComparison.Ordinal);

    private static string Negotiate(HttpRequest request)
    {
        if (request.Query["linkType"].ToString() == "all")
        {
            return TraceModule.LinksetType;
        }

        var accepted = request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).Select(a => a.MediaType.Value ?? "").ToList();
        foreach (var type in accepted)
        {
            if (type is "text/html" or "application/xhtml+xml" or "*/*")
            {
                return "text/html";
            }

            if (type is "application/json" or TraceModule.LinksetType)
            {
                return type;
            }
        }

        return "text/html";
    }

    private static string Linkset(HttpContext http, TraceView view)
    {
        var page = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
        TraceLink[] pip = [new TraceLink(page, "text/html", ["vi", "en"], view.Product)];
        var links = new TraceLinkContext(
            view.DigitalLink,
            pip,
            pip,
            [new TraceLink(page, "application/json", null, "Trace view")],
            view.Certifications.Count > 0 ? [new TraceLink(page + "#certifications", "text/html", null, "Certifications")] : null);
        return JsonSerializer.Serialize(new TraceLinkset([links]));
    }

    /// <summary>A strong ETag: a hash of what was rendered, or of what it was rendered from.</summary>
    public static string ETagOf(string body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32] + "\"";
}
