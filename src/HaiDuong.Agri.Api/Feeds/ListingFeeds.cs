using HaiDuong.Agri.Marketplaces.Feeds;

namespace HaiDuong.Agri.Api.Feeds;

/// <summary>
/// Whether a listing is in one catalogue feed (<c>google-merchant</c>: the XML and TSV feeds; <c>meta</c>: the CSV feed), and
/// what keeps it out: each attribute that merchant centre requires and the listing lacks or carries in a form it refuses.
/// </summary>
public sealed record ListingFeedStatus(string Feed, bool Included, IReadOnlyList<FeedProblem> Problems);

/// <summary>
/// How a listing fares in the catalogue feeds, by the very checks the feed writers apply. A listing that cannot be complete is
/// left out of a feed rather than sent broken; this is how that is reported: in the listing's own view (its seller sees at
/// once, on publishing it, what to add) and in the change feed's entries (for admins and platforms).
/// </summary>
public static class ListingFeeds
{
    public const string GoogleMerchant = "google-merchant";
    public const string Meta = "meta";

    /// <summary>A listing as the catalogue feeds write it: its SKU, texts, its lot's trace page, first image, stock, price, seller and GTIN.</summary>
    public static FeedItem Item(
        string sellerSku, string title, string? description, string link, string? imageUrl, int stock, long priceVnd, string seller, string gtin) =>
        new(sellerSku, title, description, link, imageUrl, stock > 0, priceVnd, seller, gtin);

    /// <summary>The listing in each catalogue feed: included when it is active and complete; its problems either way.</summary>
    public static IReadOnlyList<ListingFeedStatus> Statuses(FeedItem item, bool active)
    {
        var google = GoogleMerchantFeed.Problems(item);
        var meta = MetaCatalogFeed.Problems(item);
        return [new(GoogleMerchant, active && google.Count == 0, google), new(Meta, active && meta.Count == 0, meta)];
    }
}
