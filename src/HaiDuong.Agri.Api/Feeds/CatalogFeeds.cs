using System.Globalization;
using System.Runtime.CompilerServices;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Marketplaces.Feeds;
using Marten;

namespace HaiDuong.Agri.Api.Feeds;

/// <summary>
/// Full snapshots of the active listings (Google Merchant Center, Meta), written as they are read from the database. The
/// writers leave out a listing the merchant centre would refuse; <see cref="ListingFeeds"/> says which and why.
/// </summary>
public static class CatalogFeeds
{
    public static async Task<IResult> SnapshotAsync(
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
            yield return ListingFeeds.Item(
                e.SellerSku, e.Title, e.Description, links.ForLot(e.Gtin, e.LotCode), e.ImageUrl, e.Stock, e.PriceVnd, e.Brand, e.Gtin);
        }
    }

    /// <summary>Sets the ETag and tells whether the client's If-None-Match already names it.</summary>
    internal static bool NotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        return Versions.IfNoneMatch(http.Request, etag);
    }
}
