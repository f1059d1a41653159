using HaiDuong.Agri.Api.Infrastructure.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;

namespace HaiDuong.Agri.Api.HouseholdApp;

/// <summary>
/// Serves the household diary app (<c>wwwroot/app/</c>: plain HTML, CSS and JavaScript modules, a manifest and a service
/// worker) at <c>/app/</c>, compressed (Brotli or gzip), revalidated on every visit so a new version reaches phones at
/// once while the service worker keeps the shell for offline starts.
/// </summary>
public static class HouseholdAppHosting
{
    public const string Path = "/app";

    public static void AddHouseholdApp(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/manifest+json", "image/svg+xml"];
        });

    public static IApplicationBuilder UseHouseholdApp(this IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".js"] = "text/javascript";
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(Path),
            branch => branch
                .UseResponseCompression()
                .UseDefaultFiles()
                .UseStaticFiles(new StaticFileOptions
                {
                    ContentTypeProvider = types,
                    OnPrepareResponse = file =>
                    {
                        file.Context.Response.Headers.CacheControl = "no-cache";
                        // The service worker may control the whole app, not only the folder its script is in.
                        file.Context.Response.Headers["Service-Worker-Allowed"] = Path + "/";
                    },
                }));
    }
}
