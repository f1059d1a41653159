using System.Text;
using System.Text.Encodings.Web;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// The resolver's landing page at <c>/</c>: a person whose label's QR code is damaged types the product code (GTIN) and
/// the serial printed under it, and is sent to the stamp's page (303); a code that does not exist shows the form again
/// with a warning (a page, 200), and well-formed codes that do not exist are throttled like any unknown code.
/// </summary>
public static class TraceLanding
{
    public static async Task<IResult> AnswerAsync(HttpContext http, TraceService service, FailedLookupLimiter limiter, string? gtin, string? serial)
    {
        var text = TraceText.For(http.Request);
        var asked = !string.IsNullOrWhiteSpace(gtin) || !string.IsNullOrWhiteSpace(serial);
        if (asked && TraceService.IsCode(gtin?.Trim(), serial?.Trim()))
        {
            // Only a well-formed code is looked up (one statement), and only such a miss counts against the address.
            var client = http.Connection.RemoteIpAddress;
            if (limiter.Exhausted(client) && limiter.Fail(client) is { } early)
            {
                return TraceAnswer.TooManyUnknownCodes(http, "text/html", text, early);
            }

            var path = await service.UnitPathAsync(gtin!.Trim(), serial!.Trim(), http.RequestAborted);
            if (path is not null)
            {
                http.Response.Headers.Location = path;
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }

            if (limiter.Fail(client) is { } wait)
            {
                return TraceAnswer.TooManyUnknownCodes(http, "text/html", text, wait);
            }
        }

        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        http.Response.Headers.ContentLanguage = text.Language;
        http.Response.Headers.Vary = "Accept-Language";
        var warning = asked ? $"""<p class="alert" role="alert">{html.Encode(text["unknown"])}</p>""" : "";
        var body = $$"""
            <!DOCTYPE html>
            <html lang="{{text.Language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{html.Encode(text["title"])}}</title>
            <style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#f6f7f4}main{max-width:40rem;margin:0 auto;padding:1rem}header{background:#1f5130;color:#fff;padding:.75rem 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}input{font:inherit;width:100%;box-sizing:border-box;padding:.6rem;min-height:44px}button{font:inherit;margin-top:1rem;min-height:44px;padding:.6rem 1.2rem;background:#1f5130;color:#fff;border:0;border-radius:.4rem}.alert{border:3px solid #a40000;background:#fff0f0;color:#7a0000;padding:.75rem 1rem;border-radius:.5rem;font-weight:700}</style>
            </head><body><header><strong>HaiDuong.Agri · {{html.Encode(text["title"])}}</strong></header><main>
            <h1>{{html.Encode(text["landing.title"])}}</h1>{{warning}}
            <p>{{html.Encode(text["landing.intro"])}}</p>
            <form method="get" action="/">
            <label for="gtin">{{html.Encode(text["gtin"])}}</label><input id="gtin" name="gtin" inputmode="numeric" autocomplete="off" required value="{{html.Encode(gtin ?? "")}}">
            <label for="serial">{{html.Encode(text["serial"])}}</label><input id="serial" name="serial" autocomplete="off" autocapitalize="characters" required value="{{html.Encode(serial ?? "")}}">
            <button type="submit">{{html.Encode(text["landing.submit"])}}</button>
            </form></main></body></html>
            """;
        return Results.Text(body, "text/html; charset=utf-8", Encoding.UTF8);
    }
}
