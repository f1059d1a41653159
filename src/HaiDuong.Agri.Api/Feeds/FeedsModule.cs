using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Marketplaces.Feeds;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;

namespace HaiDuong.Agri.Api.Feeds;

/// <summary>One listing in the change feed.</summary>
public sealed record ListingChange(
    Guid Id,
    string SellerSku,
    string Title,
    string? Description,
    long PriceVnd,
    int Stock,
    string Availability,
    string Status,
    string Link,
    string? ImageLink,
    string Gtin,
    string LotCode,
    string Brand,
    Instant UpdatedAt);

public sealed record ListingChangePage(IReadOnlyList<ListingChange> Items, string NextCursor);

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
                    StatusCodes.Status429TooManyRequests, "rate-limited", "Too many feed requests",
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

        feeds.MapGet("/listings.json", ChangesAsync)
            .WithName("ListingChangeFeed")
            .WithSummary("Listings changed since an opaque cursor (none: from the start), oldest change first, with nextCursor; limit ≤ 1000")
            .Produces<ListingChangePage>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(400, 429);

        feeds.MapGet("/google-merchant.xml", (HttpContext http, IQuerySession session, PublicLinks links) =>
                SnapshotAsync(http, session, links, "gm-xml", "application/xml; charset=utf-8", (body, items, ct) =>
                    GoogleMerchantFeed.WriteXmlAsync(body, new FeedChannel("HaiDuong.Agri", links.BaseUrl, "Nông sản truy xuất nguồn gốc Hải Dương"), items, ct)))
            .WithName("GoogleMerchantXmlFeed")
            .WithSummary("Every active listing as a Google Merchant Center RSS 2.0 feed (g: attributes), linking to its lot's trace page")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(429);

        feeds.MapGet("/google-merchant.tsv", (HttpContext http, IQuerySession session, PublicLinks links) =>
                SnapshotAsync(http, session, links, "gm-tsv", "text/tab-separated-values; charset=utf-8", GoogleMerchantFeed.WriteTsvAsync))
            .WithName("GoogleMerchantTsvFeed")
            .WithSummary("Every active listing as a Google Merchant Center TSV feed (UTF-8, header row)")
            .Produces(StatusCodes.Status200OK, contentType: "text/tab-separated-values")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(429);

        feeds.MapGet("/meta.csv", (HttpContext http, IQuerySession session, PublicLinks links) =>
                SnapshotAsync(http, session, links, "meta-csv", "text/csv; charset=utf-8", MetaCatalogFeed.WriteCsvAsync))
            .WithName("MetaCatalogCsvFeed")
            .WithSummary("Every active listing as a Meta catalog CSV feed")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(429);
    }

    private static async Task<IResult> ChangesAsync(string? cursor, int? limit, HttpContext http, IQuerySession session, PublicLinks links)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw Problems.Malformed("limit", $"Must be between 1 and {MaxPageSize}.");
        }

        var after = cursor is null ? 0 : DecodeCursor(cursor) ?? throw Problems.Malformed("cursor", "Not a cursor this feed gave out; start again without one.");
        var entries = await session.Query<ListingFeedEntry>()
            .Where(e => e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(limit ?? DefaultPageSize)
            .ToListAsync(http.RequestAborted);
        var last = entries.Count == 0 ? after : entries[^1].Sequence;
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"changes-{after}-{last}-{entries.Count}\"");
        if (NotModified(http, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var items = entries.Select(e => new ListingChange(
            e.Id, e.SellerSku, e.Title, e.Description, e.PriceVnd, e.Stock, e.Stock > 0 && !e.Delisted ? "in_stock" : "out_of_stock",
            e.Delisted ? "delisted" : "active", links.ForLot(e.Gtin, e.LotCode), e.ImageUrl, e.Gtin, e.LotCode, e.Brand, e.UpdatedAt)).ToList();
        return Results.Ok(new ListingChangePage(items, EncodeCursor(last)));
    }

    private static async Task<IResult> SnapshotAsync(
        HttpContext http, IQuerySession session, PublicLinks links, string format, string contentType,
        Func<Stream, IAsyncEnumerable<FeedItem>, CancellationToken, Task> write)
    {
        var ct = http.RequestAborted;
        var count = await session.Query<ListingFeedEntry>().CountAsync(ct);
        var newest = count == 0 ? 0 : await session.Query<ListingFeedEntry>().MaxAsync(e => e.Sequence, ct);
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{format}-{newest}-{count}\"");
        if (NotModified(http, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = contentType;
        await write(http.Response.Body, ActiveItems(session, links, ct), ct);
        return Results.Empty;
    }

    private static async IAsyncEnumerable<FeedItem> ActiveItems(IQuerySession session, PublicLinks links, [EnumeratorCancellation] CancellationToken ct)
    {
        var entries = session.Query<ListingFeedEntry>().Where(e => !e.Delisted).OrderBy(e => e.Sequence).ToAsyncEnumerable(ct);
        await foreach (var e in entries)
        {
            yield return new FeedItem(
                e.SellerSku, e.Title, e.Description, links.ForLot(e.Gtin, e.LotCode), e.ImageUrl, e.Stock > 0, e.PriceVnd, e.Brand, e.Gtin);
        }
    }

    /// <summary>Sets the ETag and tells whether the client's If-None-Match already names it.</summary>
    private static bool NotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        return Versions.IfNoneMatch(http.Request, etag);
    }

    private static string EncodeCursor(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"c1.{sequence}")));

    private static long? DecodeCursor(string cursor)
    {
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith("c1.", StringComparison.Ordinal) && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
    }
}
