using System.Text;
using System.Xml;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>
/// Google Merchant Center product feeds (a full snapshot each time), written row by row as the items stream in, so a
/// province-sized catalogue never sits in memory.
/// </summary>
public static class GoogleMerchantFeed
{
    public const string Namespace = "http://base.google.com/ns/1.0";
    public const int MaxId = 50;
    public const int MaxTitle = 150;
    public const int MaxDescription = 5000;

    private static readonly string[] Columns = ["id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand", "gtin"];

    /// <summary>RSS 2.0 with the <c>g:</c> namespace, UTF-8.</summary>
    public static async Task WriteXmlAsync(Stream output, FeedChannel channel, IAsyncEnumerable<FeedItem> items, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "rss", null);
        await xml.WriteAttributeStringAsync(null, "version", null, "2.0");
        await xml.WriteAttributeStringAsync("xmlns", "g", null, Namespace);
        await xml.WriteStartElementAsync(null, "channel", null);
        await xml.WriteElementStringAsync(null, "title", null, FeedText.XmlSafe(channel.Title));
        await xml.WriteElementStringAsync(null, "link", null, FeedText.XmlSafe(channel.Link));
        await xml.WriteElementStringAsync(null, "description", null, FeedText.XmlSafe(channel.Description));

        var written = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            await xml.WriteStartElementAsync(null, "item", null);
            foreach (var (name, value) in Values(item))
            {
                if (value.Length > 0 || name is not ("description" or "image_link"))
                {
                    await xml.WriteElementStringAsync("g", name, Namespace, value);
                }
            }

            await xml.WriteEndElementAsync();
            if (++written % FeedText.FlushEvery == 0)
            {
                await xml.FlushAsync();
            }
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    /// <summary>Tab-separated, UTF-8, a header row of attribute names; tabs and line breaks inside values become spaces.</summary>
    public static async Task WriteTsvAsync(Stream output, IAsyncEnumerable<FeedItem> items, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join('\t', Columns));
        var written = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join('\t', Values(item).Select(v => FeedText.OneLine(v.Value))));
            if (++written % FeedText.FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The attributes in <see cref="Columns"/> order, cleaned for XML and cut to Google's limits.</summary>
    private static IEnumerable<(string Name, string Value)> Values(FeedItem item)
    {
        yield return ("id", FeedText.Truncate(FeedText.XmlSafe(item.Id), MaxId));
        yield return ("title", FeedText.Truncate(FeedText.XmlSafe(item.Title), MaxTitle));
        yield return ("description", FeedText.Truncate(FeedText.XmlSafe(item.Description ?? ""), MaxDescription));
        yield return ("link", FeedText.XmlSafe(item.Link));
        yield return ("image_link", FeedText.XmlSafe(item.ImageLink ?? ""));
        yield return ("availability", item.InStock ? "in_stock" : "out_of_stock");
        yield return ("price", FeedText.Price(item.PriceVnd));
        yield return ("condition", "new");
        yield return ("brand", FeedText.XmlSafe(item.Brand));
        yield return ("gtin", FeedText.XmlSafe(item.Gtin));
    }
}
