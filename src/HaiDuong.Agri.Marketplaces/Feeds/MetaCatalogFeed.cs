using System.Text;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>
/// Meta (Facebook/Instagram) catalogue data feed: RFC 4180 CSV, UTF-8, streamed row by row. Every row fills every column
/// Meta requires (<c>id</c>, <c>title</c>, <c>description</c>, <c>availability</c>, <c>condition</c>, <c>price</c>,
/// <c>link</c>, <c>image_link</c>, <c>brand</c>); an item that cannot (<see cref="Problems"/>) is left out, never sent broken.
/// </summary>
public static class MetaCatalogFeed
{
    public const string Name = "Meta";
    public const int MaxId = 100;
    public const int MaxTitle = 200;
    public const int MaxDescription = 9999;
    public const int MaxBrand = 100;

    private const string Header = "id,title,description,availability,condition,price,link,image_link,brand,gtin";

    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<FeedItem> items, CancellationToken cancellationToken)
    {
        // RFC 4180 ends records with CRLF.
        using var chunks = new FeedChunks(output);
        using var writer = new StreamWriter(chunks.Buffer, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(Header);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (Problems(item).Count > 0)
            {
                continue;
            }

            string[] row =
            [
                FeedText.XmlSafe(item.Id).Trim(),
                FeedText.Truncate(FeedText.XmlSafe(item.Title), MaxTitle),
                FeedText.Truncate(FeedText.XmlSafe(item.Description ?? ""), MaxDescription),
                item.InStock ? "in stock" : "out of stock",
                "new",
                FeedText.Price(item.PriceVnd),
                FeedText.XmlSafe(item.Link),
                FeedText.XmlSafe(item.ImageLink ?? ""),
                FeedText.XmlSafe(item.Brand).Trim(),
                FeedRequirements.GtinProblem(item.Gtin, ranges: false) is null ? item.Gtin : "", // optional at Meta: sent when it is one
            ];
            writer.WriteLine(string.Join(',', row.Select(Field)));
            await chunks.ItemWrittenAsync(writer.Flush, cancellationToken);
        }

        await chunks.EndAsync(writer.Flush, cancellationToken);
    }

    /// <summary>What keeps the item out of Meta's feed: each required column it cannot fill (empty when it is complete).</summary>
    public static IReadOnlyList<FeedProblem> Problems(FeedItem item) => new FeedRequirements(Name)
        .Text("id", item.Id, MaxId)
        .Text("title", item.Title)
        .Text("description", item.Description)
        .Price(item.PriceVnd)
        .Url("link", item.Link)
        .Url("image_link", item.ImageLink)
        .Text("brand", item.Brand, MaxBrand)
        .Problems;

    /// <summary>Quotes a field holding a comma, quote or line break, doubling its quotes (RFC 4180 §2.6–2.7).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
