using System.Text.Encodings.Web;
using System.Text.Unicode;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Api.Lots;
using Marten;
using Microsoft.AspNetCore.Components.Web;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// The GS1 Digital Link resolver consumers reach by scanning a stamp: <c>/01/{gtin}/10/{lot}/21/{serial}</c> (a unit,
/// counted as a scan) and <c>/01/{gtin}/10/{lot}</c> (the lot). HTML by default, the JSON trace view for
/// <c>application/json</c>, a GS1 linkset for <c>application/linkset+json</c> or <c>?linkType=all</c>.
/// </summary>
public sealed class TraceModule : IAgriModule
{
    public const string LinksetType = "application/linkset+json";

    public void ConfigureStore(StoreOptions opts)
    {
        ScanCounter.ConfigureStore(opts);
        ScanDays.ConfigureStore(opts);
        TraceVersions.ConfigureStore(opts);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.AddOptions<TraceOptions>().Bind(configuration.GetSection("Agri:Trace"))
            .Validate(o => o.ScanDaysFlushInterval > TimeSpan.Zero, "Agri:Trace:ScanDaysFlushInterval must be longer than zero.")
            .Validate(o => o.ScanBatchSize > 0 && o.ScanBatchesInFlight > 0 && o.ScanQueueLimit > 0 && o.CachedLots > 0, "Agri:Trace:ScanBatchSize, ScanBatchesInFlight, ScanQueueLimit and CachedLots must be at least 1.")
            .Validate(o => o.ScanBatchWindow >= TimeSpan.Zero && o.ScanBatchWindow <= TimeSpan.FromSeconds(10), "Agri:Trace:ScanBatchWindow must be between zero and 10 seconds.")
            .ValidateOnStart();
        services.AddSingleton<ScanCounter>();
        services.AddSingleton<ScanBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ScanBatcher>());
        services.AddSingleton<ScanDays>();
        services.AddHostedService<ScanDaysFlusher>();
        services.AddSingleton<TraceService>();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddRazorComponents();
        // Pages are UTF-8: Vietnamese letters are written as themselves, not as character references (a third of the size).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddScoped<HtmlRenderer>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // A Digital Link's query string may carry more than we read (GS1 data attributes such as 17=expiry, a campaign's
        // tags): the resolver reads lang and linkType and passes over the rest, so a printed code keeps working.
        // A page for people, like the dashboard's: not an API operation; a link to it may carry more than it reads.
        app.MapGet("/", (string? gtin, string? serial, HttpContext http, TraceService service, FailedLookupLimiter limiter) =>
                TraceLanding.AnswerAsync(http, service, limiter, gtin, serial))
            .AllowAnonymous()
            .IgnoresOtherQueryParameters("gtin", "serial", "lang")
            .ExcludeFromDescription();
        var trace = app.MapGroup("/01").WithTags("Public trace").AllowAnonymous().IgnoresOtherQueryParameters("lang", "linkType");
        trace.MapMethods("/{gtin}/10/{lot}/21/{serial}", ["GET", "HEAD"], (string gtin, string lot, string serial, HttpContext http, TraceService service, FailedLookupLimiter limiter) =>
                TraceAnswer.ResolveAsync(http, service, limiter, gtin, lot, serial))
            .WithName("TraceUnit")
            .WithSummary("A unit's public trace page (HTML), JSON trace view or GS1 linkset; a GET counts the scan")
            .ProducesTraceAnswers()
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, TraceAnswer.TooManyUnknownCodesCode);
        trace.MapMethods("/{gtin}", ["GET", "HEAD"], (string gtin, HttpContext http, IDocumentStore store, PublicLinks links, FailedLookupLimiter limiter) =>
                TraceProduct.AnswerAsync(http, store, links, limiter, gtin))
            .WithName("TraceProduct")
            .WithSummary("A product's page (HTML) or JSON view: its name and latest lots, each linking to its page; not counted")
            .Produces<TraceProductView>(StatusCodes.Status200OK, "application/json")
            .ProducesContent(StatusCodes.Status200OK, "text/html")
            .Produces<TraceProductView>(StatusCodes.Status404NotFound, "application/json")
            .ProducesContent(StatusCodes.Status404NotFound, "text/html")
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, TraceAnswer.TooManyUnknownCodesCode);
        trace.MapMethods("/{gtin}/21/{serial}", ["GET", "HEAD"], async (string gtin, string serial, HttpContext http, TraceService service, FailedLookupLimiter limiter) =>
                await service.UnitPathAsync(gtin, serial.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), http.RequestAborted) is { } path
                    ? Results.Redirect(path + http.Request.QueryString, permanent: true, preserveMethod: true)
                    : await TraceAnswer.ResolveAsync(http, service, limiter, gtin, "", serial))
            .WithName("TraceSerial")
            .WithSummary("A stamp by GTIN and serial alone (no lot): a 308 to its full Digital Link, else the unknown-code answer")
            .Produces(StatusCodes.Status308PermanentRedirect)
            .Produces<TraceView>(StatusCodes.Status404NotFound, "application/json")
            .ProducesContent(StatusCodes.Status404NotFound, "text/html")
            .ProducesProblemTypes(StatusCodes.Status404NotFound, TraceAnswer.NoLinksetCode)
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, TraceAnswer.TooManyUnknownCodesCode);
        trace.MapMethods("/{gtin}/10/{lot}", ["GET", "HEAD"], (string gtin, string lot, HttpContext http, TraceService service, FailedLookupLimiter limiter) =>
                TraceAnswer.ResolveAsync(http, service, limiter, gtin, lot, null))
            .WithName("TraceLot")
            .WithSummary("A lot's public trace page (HTML), JSON trace view or GS1 linkset; cacheable, not counted")
            .ProducesTraceAnswers()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, TraceAnswer.TooManyUnknownCodesCode);
    }
}

internal static class TraceAnswerConventions
{
    /// <summary>
    /// What the resolver answers by <c>Accept</c>: the page (HTML), the JSON trace view, or (200 only) the GS1 linkset; an
    /// unknown or voided code is a 404 page or view that warns the product may not be genuine.
    /// </summary>
    public static RouteHandlerBuilder ProducesTraceAnswers(this RouteHandlerBuilder builder) => builder
        .Produces<TraceView>(StatusCodes.Status200OK, "application/json")
        .ProducesContent(StatusCodes.Status200OK, "text/html")
        .ProducesContent<TraceLinkset>(StatusCodes.Status200OK, TraceModule.LinksetType)
        .Produces<TraceView>(StatusCodes.Status404NotFound, "application/json")
        .ProducesContent(StatusCodes.Status404NotFound, "text/html")
        .Produces(StatusCodes.Status307TemporaryRedirect)
        .ProducesProblemTypes(StatusCodes.Status404NotFound, TraceAnswer.NoLinksetCode)
        .ProducesProblemTypes(StatusCodes.Status503ServiceUnavailable, ScanBatcher.BusyCode, Problems.UnavailableCode);
}

/// <summary>The resolver in the pipeline: its pages, views and linksets compressed (Brotli or gzip) — they hold nothing secret.</summary>
public static class TraceHosting
{
    public static IApplicationBuilder UseTraceCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/01"), branch => branch.UseResponseCompression());
}
