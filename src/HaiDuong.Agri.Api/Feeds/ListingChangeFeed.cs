using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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
    Instant UpdatedAt,
    IReadOnlyList<ListingFeedStatus> Feeds);

public sealed record ListingChangePage(IReadOnlyList<ListingChange> Items, string NextCursor);

/// <summary>The change feed: listings changed since an opaque cursor, oldest change first, with the next cursor.</summary>
public static class ListingChangeFeed
{
    public static async Task<Results<Ok<ListingChangePage>, NotModified>> ChangesAsync(string? cursor, int? limit, HttpContext http, IQuerySession session, PublicLinks links)
    {
        if (limit is < 1 or > FeedsModule.MaxPageSize)
        {
            throw Problems.Malformed("limit", $"Must be between 1 and {FeedsModule.MaxPageSize}.");
        }

        var after = cursor is null ? 0 : DecodeCursor(cursor) ?? throw Problems.Malformed("cursor", "Not a cursor this feed gave out; start again without one.");
        var entries = await session.Query<ListingFeedEntry>()
            .Where(e => e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(limit ?? FeedsModule.DefaultPageSize)
            .ToListAsync(http.RequestAborted);
        var last = entries.Count == 0 ? after : entries[^1].Sequence;
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"changes-{after}-{last}-{entries.Count}\"");
        if (CatalogFeeds.NotModified(http, etag))
        {
            return Infrastructure.Http.NotModified.Instance;
        }

        var items = entries.Select(e =>
        {
            var link = links.ForLot(e.Gtin, e.LotCode);
            var feeds = ListingFeeds.Statuses(
                ListingFeeds.Item(e.SellerSku, e.Title, e.Description, link, e.ImageUrl, e.Stock, e.PriceVnd, e.Brand, e.Gtin), !e.Delisted);
            return new ListingChange(
                e.Id, e.SellerSku, e.Title, e.Description, e.PriceVnd, e.Stock, e.Stock > 0 && !e.Delisted ? "in_stock" : "out_of_stock",
                e.Delisted ? "delisted" : "active", link, e.ImageUrl, e.Gtin, e.LotCode, e.Brand, e.UpdatedAt, feeds);
        }).ToList();
        return TypedResults.Ok(new ListingChangePage(items, EncodeCursor(last)));
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
