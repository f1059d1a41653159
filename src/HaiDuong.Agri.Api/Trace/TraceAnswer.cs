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

    public static async Task<IResult> ResolveAsync(
        HttpContext http, TraceService service, FailedLookupLimiter limiter, string gtin, string lot, string? serial)
    {
        var text = TraceText.For(http.Request);
        // A scan is the plain Digital Link a QR code carries: switching the page's language (?lang=) is not another scan.
        var countScan = serial is not null && HttpMethods.IsGet(http.Request.Method) && !http.Request.Query.ContainsKey("lang");
        var client = http.Connection.RemoteIpAddress;

        // An address that used up its unknown codes is answered without a query unless the lot is one this instance knows
        // (a shopper behind the same carrier address scanning a genuine stamp still gets the page).
        if (limiter.Exhausted(client) && !service.KnowsLot(Decode(gtin), Decode(lot)) && limiter.Fail(client) is { } early)
        {
            throw TooManyUnknownCodes(early);
        }

        var result = await service.ResolveAsync(Decode(gtin), Decode(lot), serial is null ? null : Decode(serial), countScan, text, http.RequestAborted);
        var view = result.View;
        if (view.Status == TraceStatus.Unknown && limiter.Fail(client) is { } wait)
        {
            throw TooManyUnknownCodes(wait);
        }

        var status = view.Status is TraceStatus.Unknown or TraceStatus.Voided ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        var wants = Negotiate(http.Request);
        var kind = wants == TraceModule.LinksetType && status != StatusCodes.Status200OK ? "application/json" : wants;
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
                Serial = view.Serial is null ? null : PageTemplate.Marker(PageTemplate.Serial),
                DigitalLink = PageTemplate.Marker(PageTemplate.DigitalLink),
                Warnings = view.Warnings.Select(w => w.Code == Suspicious ? w with { Message = PageTemplate.Marker(PageTemplate.SuspiciousWarning) } : w).ToList(),
            };
            return PageTemplate.Parse(await RenderAsync(http, marked, text, PageTemplate.Marker(PageTemplate.ScansLine), PageTemplate.Marker(PageTemplate.PageUrl)));
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

    private static ProblemException TooManyUnknownCodes(TimeSpan wait) => new(
        StatusCodes.Status429TooManyRequests, TooManyUnknownCodesCode, "Too many unknown codes",
        "Too many codes that do not exist were looked up from this address; wait before trying again.")
    {
        Headers = new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) },
    };

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
        var links = new TraceLinkContext(
            view.DigitalLink,
            [new TraceLink(page, "text/html", ["vi", "en"], view.Product)],
            [new TraceLink(page, "application/json", null, "Trace view")],
            view.Certifications.Count > 0 ? [new TraceLink(page + "#certifications", "text/html", null, "Certifications")] : null);
        return JsonSerializer.Serialize(new TraceLinkset([links]));
    }

    /// <summary>A strong ETag: a hash of what was rendered, or of what it was rendered from.</summary>
    public static string ETagOf(string body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32] + "\"";
}
