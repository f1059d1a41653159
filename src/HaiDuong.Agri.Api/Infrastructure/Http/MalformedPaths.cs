namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// Refuses a request whose path holds a NUL character (400 <c>malformed-request</c> naming <c>path</c>) before any route,
/// static file or lookup sees it: no id, lot code or serial contains one, and PostgreSQL cannot even compare text with it.
/// Kestrel refuses a percent-encoded NUL in the request line itself (400 with no body); this answers for every host that
/// passes one on.
/// </summary>
public static class MalformedPaths
{
    public static IApplicationBuilder UseMalformedPathCheck(this IApplicationBuilder app) => app.Use((http, next) =>
        http.Request.PathBase.Value?.Contains('\0', StringComparison.Ordinal) == true || http.Request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true
            ? throw Problems.Malformed("path", "The path contains a NUL character (%00); no resource has one in its address.")
            : next(http));
}
