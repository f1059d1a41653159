using Microsoft.Net.Http.Headers;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

public static class ContentTypes
{
    /// <summary>
    /// JSON bodies are UTF-8. A quoted <c>charset="utf-8"</c> (legal, but ASP.NET's reader fails on it) is unquoted;
    /// any other charset is a 415 problem instead of the reader's exception.
    /// </summary>
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentType is { } header && MediaTypeHeaderValue.TryParse(header, out var type) && type.Charset.HasValue)
        {
            var charset = type.Charset.Value!.Trim('"');
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                await ProblemWriter.WriteAsync(http, new ProblemException(
                    StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaTypeCode, "Only UTF-8 is accepted",
                    $"Send JSON as UTF-8 (Content-Type: application/json; charset=utf-8), not {charset}."));
                return;
            }

            type.Charset = "utf-8";
            http.Request.ContentType = type.ToString();
        }

        await next(http);
    });
}
