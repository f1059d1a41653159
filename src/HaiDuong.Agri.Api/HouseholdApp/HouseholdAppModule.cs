using HaiDuong.Agri.Api.Infrastructure.Modules;
using Marten;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;

namespace HaiDuong.Agri.Api.HouseholdApp;

/// <summary>
/// Serves the household diary app (<c>wwwroot/app/</c>: plain HTML, CSS and JavaScript modules, a manifest and a service
/// worker) at <c>/app/</c>, compressed (Brotli or gzip), revalidated on every visit so a new version reaches phones at
/// once while the service worker keeps the shell for offline starts.
/// </summary>
public sealed class HouseholdAppModule : IAgriModule
{
    public const string Path = "/app";

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/manifest+json", "image/svg+xml", "application/linkset+json"];
        });

}

/// <summary>The app's files in the pipeline: before routing, so <c>/app/</c> never reaches an endpoint.</summary>
public static class HouseholdAppHosting
{
    public static IApplicationBuilder UseHouseholdApp(this IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".js"] = "text/javascript";
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(HouseholdAppModule.Path),
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
                        file.Context.Response.Headers["Service-Worker-Allowed"] = HouseholdAppModule.Path + "/";
                    },
                }));
    }
}
