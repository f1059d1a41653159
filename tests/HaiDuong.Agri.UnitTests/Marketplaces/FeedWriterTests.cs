using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Marketplaces.Feeds;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class FeedWriterTests
{
    private static readonly XNamespace G = "http://base.google.com/ns/1.0";

    /// <summary>
    /// What Google Merchant Center requires of an item for it to be approved, from its "Product data specification"
    /// (https://support.google.com/merchants/answer/7052112): for every product <c>id</c> (≤ 50 characters), <c>title</c>
    /// (≤ 150), <c>description</c> (≤ 5,000), <c>link</c> and <c>image_link</c> (http(s) URLs), <c>availability</c>
    /// (<c>in_stock</c>, <c>out_of_stock</c>, <c>preorder</c>, <c>backorder</c>) and <c>price</c> (a number and an ISO 4217
    /// currency, not 0); <c>condition</c> (<c>new</c>, <c>refurbished</c>, <c>used</c>), which Google requires of used and
    /// refurbished goods and we send for all. Brand and GTIN rules: <c>brand</c> (1–70 characters) for every product with a
    /// clearly associated brand and every product the merchant makes itself ("Brand [brand]",
    /// https://support.google.com/merchants/answer/6324351) — a household or cooperative selling its own harvest is both;
    /// <c>gtin</c> for every product that has one ("GTIN [gtin]", https://support.google.com/merchants/answer/6324461): 8, 12,
    /// 13 or 14 digits with a correct check digit, not a restricted circulation number (prefixes 02, 04, 2) nor a coupon
    /// (05, 98–99) — every lot has one. (Without a GTIN or brand Google wants <c>identifier_exists: no</c> instead,
    /// https://support.google.com/merchants/answer/6324478; that never applies here.)
    /// </summary>
    public static readonly string[] GoogleRequired = ["id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand", "gtin"];

    /// <summary>
    /// What Meta requires of every catalogue item, from its catalogue field reference ("Catalog Fields",
    /// https://developers.facebook.com/documentation/ads-commerce/commerce-platform/catalog/fields, and the example feed of
    /// "Set Up Your Catalog Feed", https://developers.facebook.com/docs/marketing-api/catalog-feed-setup): <c>id</c> (≤ 100
    /// characters), <c>title</c> (≤ 200), <c>description</c> (≤ 9,999), <c>availability</c> (<c>in stock</c>,
    /// <c>out of stock</c>, …), <c>condition</c> (<c>new</c>, <c>refurbished</c>, <c>used</c>), <c>price</c> (a number and an
    /// ISO 4217 currency), <c>link</c>, <c>image_link</c> and <c>brand</c> (≤ 100; Meta accepts a <c>gtin</c> or <c>mpn</c>
    /// in its place, we always have the brand).
    /// </summary>
    public static readonly string[] MetaRequired = ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand"];

    private static readonly string[] GoogleAvailability = ["in_stock", "out_of_stock", "preorder", "backorder"];
    private static readonly string[] MetaAvailability = ["in stock", "out of stock", "preorder", "available for order", "discontinued"];
    private static readonly string[] Conditions = ["new", "refurbished", "used"];

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
        "CR-1", "Cà rốt Cẩm Giàng", "Cà rốt Đức Chính, túi 1 kg.", "https://trace.example.vn/01/08931234567880/10/CR-1",
        "https://cdn.example.vn/ca-rot.png", false, 18000, "HTX Đức Chính", "08931234567880");

    /// <summary>A listing published with no description and no image (both are optional on a listing): no feed can take it.</summary>
    private static readonly FeedItem Bare = Carrot with { Id = "CR-2", Description = null, ImageLink = null };

    [Fact]
    public async Task Google_XML_is_RSS_2_with_the_g_namespace_and_escapes_text()
    {
        var doc = XDocument.Parse(await Xml(Lychee, Bare, Carrot));

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
        carrot.Element(G + "image_link")!.Value.Should().Be(Carrot.ImageLink);
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
        var item = Lychee with { Title = emoji, Description = new string('đ', 6000) };

        var doc = XDocument.Parse(await Xml(item, item with { Title = combining }));

        var items = doc.Descendants("item").ToList();
        items[0].Element(G + "title")!.Value.Should().Be(new string('x', 149));
        items[0].Element(G + "description")!.Value.Should().HaveLength(5000);
        items[1].Element(G + "title")!.Value.Should().Be(new string('x', 149));
    }

    [Fact]
    public async Task Google_TSV_has_the_attribute_header_and_one_line_per_item()
    {
        var tsv = await Write((s, i) => GoogleMerchantFeed.WriteTsvAsync(s, i, default), Lychee, Bare, Carrot);

        var (header, rows) = Read(tsv, new CsvReaderOptions { Separator = '\t', Mode = CsvMode.NoEscape });

        header.Should().Equal("id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand", "gtin");
        rows.Should().HaveCount(2);
        rows[0]["title"].Should().Be(Lychee.Title);
        rows[0]["description"].Should().Be("Quả to, cùi dày, ngọt đậm. Thu hoạch 03/06/2026, hộp 2 kg");
        rows[0]["availability"].Should().Be("in_stock");
        rows[0]["price"].Should().Be("45000 VND");
        rows[1]["id"].Should().Be("CR-1", "the bare listing is left out");
        rows[1]["availability"].Should().Be("out_of_stock");
        tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3);
    }

    [Fact]
    public async Task Meta_CSV_follows_RFC_4180_and_reads_back_with_every_value_intact()
    {
        var tricky = Lychee with { Title = "Vải \"loại 1\", hộp 2 kg", Description = "Dòng 1\r\nDòng 2, có \"ngoặc\"" };

        var text = await Write((s, i) => MetaCatalogFeed.WriteCsvAsync(s, i, default), tricky, Bare, Carrot);

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
        rows[1]["id"].Should().Be("CR-1", "the bare listing is left out");
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

    [Fact]
    public async Task Every_Google_item_carries_every_attribute_Google_requires_in_a_form_it_accepts()
    {
        FeedItem[] complete = [Lychee, Carrot, Lychee with { Id = new string('9', 50), Brand = new string('b', 70), Gtin = "12345670" }];
        var xml = XDocument.Parse(await Xml([.. complete, Bare]));
        var tsv = Read(await Write((s, i) => GoogleMerchantFeed.WriteTsvAsync(s, i, default), [.. complete, Bare]), new CsvReaderOptions { Separator = '\t', Mode = CsvMode.NoEscape }).Rows;

        var fromXml = xml.Descendants("item").Select(i => GoogleRequired.ToDictionary(a => a, a => i.Element(G + a)?.Value)).ToList();
        var fromTsv = tsv.Select(r => GoogleRequired.ToDictionary(a => a, a => (string?)r.GetValueOrDefault(a))).ToList();
        foreach (var items in new[] { fromXml, fromTsv })
        {
            items.Should().HaveCount(complete.Length);
            foreach (var item in items)
            {
                item.Should().OnlyContain(a => !string.IsNullOrWhiteSpace(a.Value), "every required attribute is there and says something");
                item["id"]!.Length.Should().BeLessThanOrEqualTo(50);
                item["title"]!.Length.Should().BeLessThanOrEqualTo(150);
                item["description"]!.Length.Should().BeLessThanOrEqualTo(5000);
                IsHttpUrl(item["link"]).Should().BeTrue();
                IsHttpUrl(item["image_link"]).Should().BeTrue();
                item["availability"].Should().BeOneOf(GoogleAvailability);
                item["condition"].Should().BeOneOf(Conditions);
                item["price"].Should().MatchRegex(@"^[1-9][0-9]*(\.[0-9]+)? [A-Z]{3}$");
                item["brand"]!.Length.Should().BeInRange(1, 70);
                item["gtin"].Should().MatchRegex("^([0-9]{8}|[0-9]{12,14})$");
                Gtin.ToGtin14(item["gtin"], out _).Should().NotBeNull("the check digit is right");
            }
        }
    }

    [Fact]
    public async Task Every_Meta_row_fills_every_column_Meta_requires()
    {
        FeedItem[] complete = [Lychee, Carrot, Lychee with { Id = new string('9', 100), Brand = new string('b', 100), Gtin = "02001234567891" }];
        var text = await Write((s, i) => MetaCatalogFeed.WriteCsvAsync(s, i, default), [.. complete, Bare]);
        var (header, rows) = Read(text, new CsvReaderOptions { Separator = ',', Mode = CsvMode.Rfc4180 });

        header.Should().Contain(MetaRequired);
        rows.Should().HaveCount(complete.Length);
        foreach (var row in rows)
        {
            MetaRequired.Should().OnlyContain(column => !string.IsNullOrWhiteSpace(row[column]), "every required column is filled");
            row["id"].Length.Should().BeLessThanOrEqualTo(100);
            row["title"].Length.Should().BeLessThanOrEqualTo(200);
            row["description"].Length.Should().BeLessThanOrEqualTo(9999);
            row["brand"].Length.Should().BeLessThanOrEqualTo(100);
            row["availability"].Should().BeOneOf(MetaAvailability);
            row["condition"].Should().BeOneOf(Conditions);
            row["price"].Should().MatchRegex(@"^[1-9][0-9]*(\.[0-9]+)? [A-Z]{3}$");
            IsHttpUrl(row["link"]).Should().BeTrue();
            IsHttpUrl(row["image_link"]).Should().BeTrue();
        }
    }

    public static TheoryData<string, FeedItem, string[], string[]> Incomplete()
    {
        var restricted = Gtin13("200123456789"); // an in-store number (GS1 prefix 2)
        var coupon = Gtin13("981234567890");
        return new()
        {
            { "no description", Lychee with { Description = null }, ["description"], ["description"] },
            { "a blank description", Lychee with { Description = " \u0001 " }, ["description"], ["description"] },
            { "no image", Lychee with { ImageLink = null }, ["image_link"], ["image_link"] },
            { "an image that is no web address", Lychee with { ImageLink = "ftp://cdn.example.vn/vai.jpg" }, ["image_link"], ["image_link"] },
            { "a link that is not absolute", Lychee with { Link = "/01/08931234567897/10/x" }, ["link"], ["link"] },
            { "a title of control characters", Lychee with { Title = "\u0001\u0002" }, ["title"], ["title"] },
            { "no price", Lychee with { PriceVnd = 0 }, ["price"], ["price"] },
            { "no brand", Lychee with { Brand = " " }, ["brand"], ["brand"] },
            { "a brand over Google's 70 characters", Lychee with { Brand = new string('b', 71) }, ["brand"], [] },
            { "a brand over Meta's 100 characters too", Lychee with { Brand = new string('b', 101) }, ["brand"], ["brand"] },
            { "an id over Google's 50 characters", Lychee with { Id = new string('9', 51) }, ["id"], [] },
            { "an id over Meta's 100 characters too", Lychee with { Id = new string('9', 101) }, ["id"], ["id"] },
            { "a GTIN with a wrong check digit", Lychee with { Gtin = "08931234567898" }, ["gtin"], [] },
            { "a restricted circulation GTIN", Lychee with { Gtin = restricted }, ["gtin"], [] },
            { "a coupon GTIN", Lychee with { Gtin = coupon }, ["gtin"], [] },
            { "a bare listing", Bare, ["description", "image_link"], ["description", "image_link"] },
        };
    }

    [Theory]
    [MemberData(nameof(Incomplete))]
    public async Task An_item_that_cannot_be_complete_is_left_out_and_its_problems_named(string what, FeedItem item, string[] google, string[] meta)
    {
        item = item with { Id = item.Id.Length > 50 ? item.Id : "INCOMPLETE" };
        GoogleMerchantFeed.Problems(item).Select(p => p.Attribute).Should().BeEquivalentTo(google, what);
        MetaCatalogFeed.Problems(item).Select(p => p.Attribute).Should().BeEquivalentTo(meta, what);
        GoogleMerchantFeed.Problems(item).Should().OnlyContain(p => p.Reason.StartsWith("Google Merchant Center", StringComparison.Ordinal));

        var xml = XDocument.Parse(await Xml(Lychee, item, Carrot));
        var tsv = Read(await Write((s, i) => GoogleMerchantFeed.WriteTsvAsync(s, i, default), Lychee, item, Carrot), new CsvReaderOptions { Separator = '\t', Mode = CsvMode.NoEscape }).Rows;
        var csv = Read(await Write((s, i) => MetaCatalogFeed.WriteCsvAsync(s, i, default), Lychee, item, Carrot), new CsvReaderOptions { Separator = ',', Mode = CsvMode.Rfc4180 }).Rows;

        string[] expectedGoogle = google.Length == 0 ? [Lychee.Id, item.Id, Carrot.Id] : [Lychee.Id, Carrot.Id];
        string[] expectedMeta = meta.Length == 0 ? [Lychee.Id, item.Id, Carrot.Id] : [Lychee.Id, Carrot.Id];
        xml.Descendants("item").Select(i => i.Element(G + "id")!.Value).Should().Equal(expectedGoogle, what);
        tsv.Select(r => r["id"]).Should().Equal(expectedGoogle, what);
        csv.Select(r => r["id"]).Should().Equal(expectedMeta, what);
    }

    [Fact]
    public void Meta_leaves_a_GTIN_it_need_not_have_empty_rather_than_send_a_wrong_one()
    {
        MetaCatalogFeed.Problems(Lychee with { Gtin = "123" }).Should().BeEmpty("Meta takes the brand in place of a GTIN");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static string Gtin13(string twelveDigits) =>
        twelveDigits + Gtin.CheckDigit(twelveDigits).ToString(System.Globalization.CultureInfo.InvariantCulture);

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
