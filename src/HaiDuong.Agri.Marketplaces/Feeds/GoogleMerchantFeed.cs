using System.Text;
using System.Xml;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>
/// Google Merchant Center product feeds (a full snapshot each time), written row by row as the items stream in, so a
/// province-sized catalogue never sits in memory. Every item written carries every attribute Google requires of it (Google's
/// "Product data specification"): <c>id</c>, <c>title</c>, <c>description</c>, <c>link</c>, <c>image_link</c>,
/// <c>availability</c>, <c>price</c>, <c>condition</c>, and — our products all have a brand (the seller makes them) and a
/// GTIN — <c>brand</c> and a valid <c>gtin</c>. An item that cannot (<see cref="Problems"/>) is left out, never sent broken.
/// </summary>
public static class GoogleMerchantFeed
{
    public const string Name = "Google Merchant Center";
    public const string Namespace = "http://base.google.com/ns/1.0";
    public const int MaxId = 50;
    public const int MaxTitle = 150;
    public const int MaxDescription = 5000;
    public const int MaxBrand = 70;

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
            if (Problems(item).Count > 0)
            {
                continue;
            }

            xml.WriteStartElement("item");
            foreach (var (name, value) in Values(item))
            {
                xml.WriteElementString("g", name, Namespace, value);
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
            if (Problems(item).Count > 0)
            {
                continue;
            }

            writer.WriteLine(string.Join('\t', Values(item).Select(v => FeedText.OneLine(v.Value))));
            await chunks.ItemWrittenAsync(writer.Flush, cancellationToken);
        }

        await chunks.EndAsync(writer.Flush, cancellationToken);
    }

    /// <summary>
    /// What keeps the item out of Google's feeds: each required attribute it lacks or carries in a form Google refuses
    /// (empty when it is complete). Titles and descriptions over Google's limits are cut, not refused; an id, brand or GTIN
    /// is never cut (that would name another product).
    /// </summary>
    public static IReadOnlyList<FeedProblem> Problems(FeedItem item) => new FeedRequirements(Name)
        .Text("id", item.Id, MaxId)
        .Text("title", item.Title)
        .Text("description", item.Description)
        .Url("link", item.Link)
        .Url("image_link", item.ImageLink)
        .Price(item.PriceVnd)
        .Text("brand", item.Brand, MaxBrand)
        .Gtin(item.Gtin, ranges: true)
        .Problems;

    /// <summary>The attributes in <see cref="Columns"/> order, cleaned for XML and cut to Google's limits.</summary>
    private static IEnumerable<(string Name, string Value)> Values(FeedItem item)
    {
        yield return ("id", FeedText.XmlSafe(item.Id).Trim());
        yield return ("title", FeedText.Truncate(FeedText.XmlSafe(item.Title), MaxTitle));
        yield return ("description", FeedText.Truncate(FeedText.XmlSafe(item.Description ?? ""), MaxDescription));
        yield return ("link", FeedText.XmlSafe(item.Link));
        yield return ("image_link", FeedText.XmlSafe(item.ImageLink ?? ""));
        yield return ("availability", item.InStock ? "in_stock" : "out_of_stock");
        yield return ("price", FeedText.Price(item.PriceVnd));
        yield return ("condition", "new");
        yield return ("brand", FeedText.XmlSafe(item.Brand).Trim());
        yield return ("gtin", FeedText.XmlSafe(item.Gtin));
    }
}
