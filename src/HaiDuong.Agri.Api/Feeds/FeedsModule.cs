using System.Globalization;
using System.Threading.RateLimiting;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Marketplaces.Feeds;
using JasperFx.Events.Projections;
using Marten;

namespace HaiDuong.Agri.Api.Feeds;

/// <summary>
/// Pull feeds for platforms that pull (marketplace and admin keys): a change feed with an opaque cursor, and full snapshots
/// for Google Merchant Center (RSS 2.0 XML and TSV) and Meta catalogs (CSV). Snapshots are written as they are read from
/// the database, never built whole in memory; every feed has a strong ETag and answers 304 to a current If-None-Match.
/// </summary>
public sealed class FeedsModule : IAgriModule
{
    public const int DefaultPageSize = 200;
    public const int MaxPageSize = 1000;
    public const string RatePolicy = "feeds";

    public const string RateLimitedCode = "rate-limited";

    /// <summary>
    /// Feeds are read per key at most <c>Agri:Feeds:RequestsPerMinute</c> times a minute (default 60): a platform pulling
    /// in a tight loop gets 429 with <c>Retry-After</c>, and never slows the other platforms or the API.
    /// </summary>
    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        var perMinute = configuration.GetValue("Agri:Feeds:RequestsPerMinute", 60);
        if (perMinute < 1)
        {
            throw new InvalidOperationException($"Agri:Feeds:RequestsPerMinute must be 1 or more (it is {perMinute}).");
        }

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RatePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirst(Caller.KeyIdClaim)?.Value ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ProblemWriter.WriteAsync(context.HttpContext, new ProblemException(
                    StatusCodes.Status429TooManyRequests, RateLimitedCode, "Too many feed requests",
                    $"This key may read feeds {perMinute} times a minute; retry after {seconds} s (a 304 to If-None-Match is cheap).")
                {
                    Headers = new Dictionary<string, string> { ["Retry-After"] = seconds },
                }));
            };
        });
    }

    public void ConfigureStore(StoreOptions opts)
    {
        opts.Projections.Add<ListingFeedProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<ListingFeedEntry>().Index(e => e.Sequence);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/feeds").WithTags("Feeds").RequireRoles(Role.Marketplace, Role.Admin).RequireRateLimiting(RatePolicy);

        feeds.MapGet("/listings.json", ListingChangeFeed.ChangesAsync)
            .WithName("ListingChangeFeed")
            .WithSummary("Listings changed since an opaque cursor (none: from the start), oldest change first, with nextCursor and whether each is in the catalogue feeds; limit ≤ 1000")
            .ProducesQueryProblems(400)
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, RateLimitedCode);

        feeds.MapGet("/google-merchant.xml", (HttpContext http, IQuerySession session, PublicLinks links) =>
                CatalogFeeds.SnapshotAsync(http, session, links, "gm-xml", "application/xml; charset=utf-8", (body, items, ct) =>
                    GoogleMerchantFeed.WriteXmlAsync(body, new FeedChannel("HaiDuong.Agri", links.BaseUrl, "Nông sản truy xuất nguồn gốc Hải Dương"), items, ct)))
            .WithName("GoogleMerchantXmlFeed")
            .WithSummary("Every active listing as a Google Merchant Center RSS 2.0 feed (g: attributes), linking to its lot's trace page; a listing lacking an attribute Google requires is left out (the listing's feeds say why)")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems()
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, RateLimitedCode);

        feeds.MapGet("/google-merchant.tsv", (HttpContext http, IQuerySession session, PublicLinks links) =>
                CatalogFeeds.SnapshotAsync(http, session, links, "gm-tsv", "text/tab-separated-values; charset=utf-8", GoogleMerchantFeed.WriteTsvAsync))
            .WithName("GoogleMerchantTsvFeed")
            .WithSummary("Every active listing as a Google Merchant Center TSV feed (UTF-8, header row); a listing lacking an attribute Google requires is left out")
            .Produces(StatusCodes.Status200OK, contentType: "text/tab-separated-values")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems()
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, RateLimitedCode);

        feeds.MapGet("/meta.csv", (HttpContext http, IQuerySession session, PublicLinks links) =>
                CatalogFeeds.SnapshotAsync(http, session, links, "meta-csv", "text/csv; charset=utf-8", MetaCatalogFeed.WriteCsvAsync))
            .WithName("MetaCatalogCsvFeed")
            .WithSummary("Every active listing as a Meta catalog CSV feed; a listing lacking a column Meta requires is left out (the listing's feeds say why)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems()
            .ProducesProblemTypes(StatusCodes.Status429TooManyRequests, RateLimitedCode);
    }
}
