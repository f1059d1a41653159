namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// Headers every answer carries (no MIME sniffing, no full URLs leaked as referrers), and on the app's own HTML pages a
/// Content Security Policy that allows no script at all: the trace page is server-rendered and needs none (its JSON-LD
/// is data, never run), and its only style is inline. Swagger UI, a third-party page with scripts, keeps its own.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The resolver's landing page at <c>/</c>: inline style, and its form (a GET to itself); no script.</summary>
    public const string LandingPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The province dashboard: its own stylesheet, and its filter form (a GET to itself); still no script.</summary>
    public const string DashboardPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The household app at /app runs its own scripts (modules and a service worker), and nothing from elsewhere.</summary>
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The cooperative desk and the sign-in page post forms to this app and load its own stylesheet and one module script
    /// (the label download's progress bar, which fetches from this app); nothing inline, nothing from elsewhere.
    /// </summary>
    public const string DeskPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !http.Request.Path.StartsWithSegments("/swagger"))
            {
                var path = http.Request.Path;
                headers.ContentSecurityPolicy = path == "/" ? LandingPolicy
                    : path.StartsWithSegments("/app") ? AppPolicy
                    : path.StartsWithSegments("/dashboard") ? DashboardPolicy
                    : path.StartsWithSegments("/desk") || path.StartsWithSegments("/sign-in") ? DeskPolicy
                    : PagePolicy;
            }

            return Task.CompletedTask;
        });
        return next(http);
    });
}
