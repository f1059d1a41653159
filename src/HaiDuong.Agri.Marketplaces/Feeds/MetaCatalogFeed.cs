using System.Text;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>Meta (Facebook/Instagram) catalogue data feed: RFC 4180 CSV, UTF-8, streamed row by row.</summary>
public static class MetaCatalogFeed
{
    public const int MaxId = 100;
    public const int MaxTitle = 200;
    public const int MaxDescription = 9999;

    private const string Header = "id,title,description,availability,condition,price,link,image_link,brand,gtin";

    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<FeedItem> items, CancellationToken cancellationToken)
    {
        // RFC 4180 ends records with CRLF.
        using var chunks = new FeedChunks(output);
        using var writer = new StreamWriter(chunks.Buffer, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(Header);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            string[] row =
            [
                FeedText.Truncate(FeedText.XmlSafe(item.Id), MaxId),
                FeedText.Truncate(FeedText.XmlSafe(item.Title), MaxTitle),
                FeedText.Truncate(FeedText.XmlSafe(item.Description ?? ""), MaxDescription),
                item.InStock ? "in stock" : "out of stock",
                "new",
                FeedText.Price(item.PriceVnd),
                FeedText.XmlSafe(item.Link),
                FeedText.XmlSafe(item.ImageLink ?? ""),
                FeedText.XmlSafe(item.Brand),
                FeedText.XmlSafe(item.Gtin),
            ];
            writer.WriteLine(string.Join(',', row.Select(Field)));
            await chunks.ItemWrittenAsync(writer.Flush, cancellationToken);
        }

        await chunks.EndAsync(writer.Flush, cancellationToken);
    }

    /// <summary>Quotes a field holding a comma, quote or line break, doubling its quotes (RFC 4180 §2.6–2.7).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
