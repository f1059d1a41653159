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
        using var chunks = new FeedChunks(output);
        // Values are already cleaned of what XML cannot carry (FeedText.XmlSafe): the writer need not check every character again.
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, CloseOutput = false, CheckCharacters = false };
        using var xml = XmlWriter.Create(chunks.Buffer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "g", null, Namespace);
        xml.WriteStartElement("channel");
        xml.WriteElementString("title", FeedText.XmlSafe(channel.Title));
        xml.WriteElementString("link", FeedText.XmlSafe(channel.Link));
        xml.WriteElementString("description", FeedText.XmlSafe(channel.Description));

        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("item");
            foreach (var (name, value) in Values(item))
            {
                if (value.Length > 0 || name is not ("description" or "image_link"))
                {
                    xml.WriteElementString("g", name, Namespace, value);
                }
            }

            xml.WriteEndElement();
            await chunks.ItemWrittenAsync(xml.Flush, cancellationToken);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await chunks.EndAsync(xml.Flush, cancellationToken);
    }

    /// <summary>Tab-separated, UTF-8, a header row of attribute names; tabs and line breaks inside values become spaces.</summary>
    public static async Task WriteTsvAsync(Stream output, IAsyncEnumerable<FeedItem> items, CancellationToken cancellationToken)
    {
        using var chunks = new FeedChunks(output);
        using var writer = new StreamWriter(chunks.Buffer, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join('\t', Columns));
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            writer.WriteLine(string.Join('\t', Values(item).Select(v => FeedText.OneLine(v.Value))));
            await chunks.ItemWrittenAsync(writer.Flush, cancellationToken);
        }

        await chunks.EndAsync(writer.Flush, cancellationToken);
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
