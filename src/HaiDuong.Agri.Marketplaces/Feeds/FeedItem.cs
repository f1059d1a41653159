namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>One product of a pull feed, as the feed endpoints read it from the listings projection.</summary>
public sealed record FeedItem(
    string Id,
    string Title,
    string? Description,
    string Link,
    string? ImageLink,
    bool InStock,
    long PriceVnd,
    string Brand,
    string Gtin);

/// <summary>The feed's own title, link and description (RSS channel).</summary>
public sealed record FeedChannel(string Title, string Link, string Description);
