using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.Marketplaces.Feeds;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class FeedWriterTests
{
    private static readonly XNamespace G = "http://base.google.com/ns/1.0";

    private static readonly FeedItem Lychee = new(
        "VT-260603-K7QF",
        "Vải thiều Thanh Hà <loại 1> & \"VietGAP\"",
        "Quả to, cùi dày,\tngọt đậm.\r\nThu hoạch 03/06/2026, hộp 2 kg",
        "https://trace.example.vn/01/08931234567897/10/260603-K7QF",
        "https://cdn.example.vn/vai-thieu.jpg",
        true,
        45000,
        "HTX Thanh Hà",
        "08931234567897");

    private static readonly FeedItem Carrot = new(
        "CR-1", "Cà rốt Cẩm Giàng", null, "https://trace.example.vn/01/08931234567880/10/CR-1", null, false, 18000, "HTX Đức Chính", "08931234567880");

    [Fact]
    public async Task Google_XML_is_RSS_2_with_the_g_namespace_and_escapes_text()
    {
        var doc = XDocument.Parse(await Xml(Lychee, Carrot));

        doc.Root!.Name.LocalName.Should().Be("rss");
        doc.Root.Attribute("version")!.Value.Should().Be("2.0");
        doc.Root.Attribute(XNamespace.Xmlns + "g")!.Value.Should().Be(G.NamespaceName);
        var channel = doc.Root.Element("channel")!;
        channel.Element("title")!.Value.Should().Be("Nông sản Hải Dương");
        var items = channel.Elements("item").ToList();
        items.Should().HaveCount(2);

        var lychee = items[0];
        lychee.Element(G + "id")!.Value.Should().Be(Lychee.Id);
        lychee.Element(G + "title")!.Value.Should().Be(Lychee.Title);
        lychee.Element(G + "description")!.Value.Should().Contain("ngọt đậm");
        lychee.Element(G + "link")!.Value.Should().Be(Lychee.Link);
        lychee.Element(G + "image_link")!.Value.Should().Be(Lychee.ImageLink);
        lychee.Element(G + "availability")!.Value.Should().Be("in_stock");
        lychee.Element(G + "price")!.Value.Should().Be("45000 VND");
        lychee.Element(G + "condition")!.Value.Should().Be("new");
        lychee.Element(G + "brand")!.Value.Should().Be("HTX Thanh Hà");
        lychee.Element(G + "gtin")!.Value.Should().Be("08931234567897");

        var carrot = items[1];
        carrot.Element(G + "availability")!.Value.Should().Be("out_of_stock");
        carrot.Element(G + "image_link").Should().BeNull("an item without image has no image_link");
        carrot.Element(G + "description").Should().BeNull();
    }

    [Fact]
    public async Task Google_XML_drops_characters_XML_cannot_carry_and_keeps_emoji()
    {
        var item = Lychee with { Title = "Vải\u0001 thiều\uD800 🍒\uFFFE ngon", Description = "a\u001Fb" };

        var doc = XDocument.Parse(await Xml(item));

        doc.Descendants(G + "title").Single().Value.Should().Be("Vải thiều 🍒 ngon");
        doc.Descendants(G + "description").Single().Value.Should().Be("ab");
    }

    [Fact]
    public async Task Google_limits_are_applied_without_splitting_surrogate_pairs_or_combining_marks()
    {
        var emoji = new string('x', 149) + "🍒🍒"; // the pair straddles character 150
        var combining = new string('x', 149) + "e\u0302\u0300 trailing"; // ề in decomposed form straddles 150
        var item = Lychee with { Id = new string('9', 60), Title = emoji, Description = new string('đ', 6000) };

        var doc = XDocument.Parse(await Xml(item, item with { Title = combining }));

        var items = doc.Descendants("item").ToList();
        items[0].Element(G + "id")!.Value.Should().HaveLength(50);
        items[0].Element(G + "title")!.Value.Should().Be(new string('x', 149));
        items[0].Element(G + "description")!.Value.Should().HaveLength(5000);
        items[1].Element(G + "title")!.Value.Should().Be(new string('x', 149));
    }

    [Fact]
    public async Task Google_TSV_has_the_attribute_header_and_one_line_per_item()
    {
        var tsv = await Write((s, i) => GoogleMerchantFeed.WriteTsvAsync(s, i, default), Lychee, Carrot);

        var (header, rows) = Read(tsv, new CsvReaderOptions { Separator = '\t', Mode = CsvMode.NoEscape });

        header.Should().Equal("id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand", "gtin");
        rows.Should().HaveCount(2);
        rows[0]["title"].Should().Be(Lychee.Title);
        rows[0]["description"].Should().Be("Quả to, cùi dày, ngọt đậm. Thu hoạch 03/06/2026, hộp 2 kg");
        rows[0]["availability"].Should().Be("in_stock");
        rows[0]["price"].Should().Be("45000 VND");
        rows[1]["image_link"].Should().Be("");
        rows[1]["availability"].Should().Be("out_of_stock");
        tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3);
    }

    [Fact]
    public async Task Meta_CSV_follows_RFC_4180_and_reads_back_with_every_value_intact()
    {
        var tricky = Lychee with { Title = "Vải \"loại 1\", hộp 2 kg", Description = "Dòng 1\r\nDòng 2, có \"ngoặc\"" };

        var text = await Write((s, i) => MetaCatalogFeed.WriteCsvAsync(s, i, default), tricky, Carrot);

        text.Should().StartWith("id,title,description,availability,condition,price,link,image_link,brand,gtin\r\n");
        var (header, rows) = Read(text, new CsvReaderOptions { Separator = ',', Mode = CsvMode.Rfc4180 });
        header.Should().HaveCount(10);
        rows.Should().HaveCount(2);
        rows[0]["title"].Should().Be(tricky.Title);
        rows[0]["description"].Should().Be(tricky.Description);
        rows[0]["availability"].Should().Be("in stock");
        rows[0]["condition"].Should().Be("new");
        rows[0]["price"].Should().Be("45000 VND");
        rows[0]["gtin"].Should().Be("08931234567897");
        rows[1]["availability"].Should().Be("out of stock");
        rows[1]["description"].Should().Be("");
    }

    [Fact]
    public async Task Feeds_reach_the_stream_while_items_are_still_coming()
    {
        var output = new MemoryStream();
        var seenBeforeEnd = 0L;

        async IAsyncEnumerable<FeedItem> Items([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < 250; i++)
            {
                await Task.Yield();
                yield return Lychee with { Id = $"id-{i}" };
            }

            seenBeforeEnd = output.Length;
        }

        await MetaCatalogFeed.WriteCsvAsync(output, Items(), default);

        seenBeforeEnd.Should().BeGreaterThan(0);
        seenBeforeEnd.Should().BeLessThan(output.Length);
    }

    /// <summary>Reads a delimited feed back with CsvHelper: its header and each row by column name.</summary>
    private static (List<string> Header, List<Dictionary<string, string>> Rows) Read(string text, CsvReaderOptions options)
    {
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(name => name, reader.GetString));
        }

        return ([.. reader.Headers], rows);
    }

    private static Task<string> Xml(params FeedItem[] items) =>
        Write((s, i) => GoogleMerchantFeed.WriteXmlAsync(s, new FeedChannel("Nông sản Hải Dương", "https://trace.example.vn", "Nông sản truy xuất được"), i, default), items);

    private static async Task<string> Write(Func<Stream, IAsyncEnumerable<FeedItem>, Task> write, params FeedItem[] items)
    {
        using var stream = new MemoryStream();
        await write(stream, items.ToAsyncEnumerable());
        stream.CanWrite.Should().BeTrue("the writer leaves the caller's stream open");
        return new UTF8Encoding(false, true).GetString(stream.ToArray());
    }
}
