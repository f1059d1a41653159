using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Gs1;
using Marten;
using NodaTime;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>A product (GTIN) as its resolver page shows it: its name and its lots, newest packed first.</summary>
public sealed record TraceProductView(string Gtin, string? Product, IReadOnlyList<TraceProductLot> Lots);

/// <summary>One lot of a product: its code, when it was packed, whether it is recalled, and its page.</summary>
public sealed record TraceProductLot(string Lot, LocalDate PackedOn, bool Recalled, string DigitalLink);

/// <summary>
/// <c>/01/{gtin}</c>: the product's page (HTML, or the JSON view), with its latest lots and links to their pages; not a
/// scan. A GTIN with no lot is a 404 that warns, throttled like any unknown code.
/// </summary>
public static class TraceProduct
{
    public const int LotsShown = 50;

    public static async Task<IResult> AnswerAsync(HttpContext http, IDocumentStore store, PublicLinks links, FailedLookupLimiter limiter, string gtin)
    {
        var text = TraceText.For(http.Request);
        var json = http.Request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault()?.MediaType.Value is "application/json";
        var wants = json ? "application/json" : "text/html";
        var client = http.Connection.RemoteIpAddress;
        var gtin14 = Gtin.ToGtin14(gtin, out _);
        if (limiter.Exhausted(client) && limiter.Fail(client) is { } early)
        {
            return TraceAnswer.TooManyUnknownCodes(http, wants, text, early);
        }

        List<LotDetails> lots = [];
        if (gtin14 is not null)
        {
            await using var session = store.QuerySession();
            lots = [.. await session.Query<LotDetails>().Where(l => l.Gtin == gtin14).OrderByDescending(l => l.PackedOn).Take(LotsShown).ToListAsync(http.RequestAborted)];
        }

        if (lots.Count == 0 && limiter.Fail(client) is { } wait)
        {
            return TraceAnswer.TooManyUnknownCodes(http, wants, text, wait);
        }

        var view = new TraceProductView(
            gtin14 ?? gtin,
            lots.FirstOrDefault()?.ProductName,
            lots.Select(l => new TraceProductLot(l.LotCode, l.PackedOn, l.RecalledAt is not null, links.ForLot(l.Gtin, l.LotCode))).ToList());
        var status = lots.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        http.Response.Headers.Vary = "Accept, Accept-Language";
        http.Response.Headers.ContentLanguage = text.Language;
        http.Response.Headers.CacheControl = status == StatusCodes.Status200OK ? "public, max-age=300" : "private, no-store";
        if (json)
        {
            return Results.Text(JsonSerializer.Serialize(view, AgriJson.Options), "application/json; charset=utf-8", Encoding.UTF8, status);
        }

        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        var items = new StringBuilder();
        foreach (var lot in view.Lots)
        {
            var path = new Uri(lot.DigitalLink).PathAndQuery;
            items.Append($"""<li><a href="{html.Encode(path)}">{html.Encode(lot.Lot)}</a> · {html.Encode(TraceText.Date(lot.PackedOn))}{(lot.Recalled ? $" · <strong>{html.Encode(text["recalled"])}</strong>" : "")}</li>""");
        }

        var main = lots.Count == 0
            ? $"""<h1>{html.Encode(text["unknown.title"])}</h1><p class="alert" role="alert">{html.Encode(text["unknown"])}</p><p>{html.Encode(text["gtin"])}: {html.Encode(view.Gtin)}</p>"""
            : $"""<h1>{html.Encode(view.Product ?? "")}</h1><p>{html.Encode(text["gtin"])}: {html.Encode(view.Gtin)}</p><h2>{html.Encode(text["lotCode"])}</h2><ol>{items}</ol>""";
        var body = $$"""
            <!DOCTYPE html>
            <html lang="{{text.Language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{html.Encode(view.Product ?? text["unknown.title"])}} · {{html.Encode(text["title"])}}</title>
            <style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#f6f7f4}main{max-width:40rem;margin:0 auto;padding:1rem}header{background:#1f5130;color:#fff;padding:.75rem 1rem}li{margin:.5rem 0}a{display:inline-block;min-height:44px;line-height:44px}.alert{border:3px solid #a40000;background:#fff0f0;color:#7a0000;padding:.75rem 1rem;border-radius:.5rem;font-weight:700}</style>
            </head><body><header><strong>HaiDuong.Agri · {{html.Encode(text["title"])}}</strong></header><main>{{main}}</main></body></html>
            """;
        return Results.Text(body, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
