using System.Net;
using System.Xml.Linq;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;

namespace HaiDuong.Agri.IntegrationTests.Feeds;

public sealed class SnapshotFeedTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static readonly XNamespace G = "http://base.google.com/ns/1.0";

    private async Task<(PackedLot Lot, string Active, string Delisted, HttpClient Marketplace, string ActiveId)> SeedAsync()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        var active = await (await lot.Farm.Cooperative.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "Vải thiều \"Thanh Hà\" <loại 1> & hộp 2 kg",
            description = "Chín cây,\thái sáng sớm.\nGiao trong 24 giờ, \"tươi\".",
            priceVnd = 45000,
            stock = 12,
            imageUrls = new[] { "https://img.example.vn/vai-1.jpg" },
            marketplaces = new[] { "webhook" },
        })).Expect(HttpStatusCode.Created);
        var delisted = await (await lot.PublishAsync(3, "webhook")).Expect(HttpStatusCode.Created);
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{delisted.Id()}/delist", new { })).Expect(HttpStatusCode.OK);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var marketplace = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Feed reader" }));
        return (lot, active["sellerSku"]!.GetValue<string>(), delisted["sellerSku"]!.GetValue<string>(), marketplace, active.Id());
    }

    [Fact]
    public async Task The_google_merchant_xml_feed_is_rss_with_g_attributes_linking_to_the_trace_page()
    {
        var (lot, active, delisted, reader, _) = await SeedAsync();
        var response = await reader.GetAsync("/feeds/google-merchant.xml");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/xml");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        feed.Root!.Name.LocalName.Should().Be("rss");
        var items = feed.Descendants("item").ToList();
        var item = items.Single(i => i.Element(G + "id")!.Value == active);
        items.Should().NotContain(i => i.Element(G + "id")!.Value == delisted);
        item.Element(G + "title")!.Value.Should().Be("Vải thiều \"Thanh Hà\" <loại 1> & hộp 2 kg");
        item.Element(G + "link")!.Value.Should().Be($"{AgriApp.PublicBaseUrl}/01/08931234567897/10/{lot.LotCode}");
        item.Element(G + "gtin")!.Value.Should().Be("08931234567897");
        item.Element(G + "price")!.Value.Should().Be("45000 VND");
        item.Element(G + "availability")!.Value.Should().Be("in_stock");
        item.Element(G + "image_link")!.Value.Should().Be("https://img.example.vn/vai-1.jpg");

        var again = await reader.Send(HttpMethod.Get, "/feeds/google-merchant.xml", null, ("If-None-Match", response.ETag()));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
        response.Headers.ETag!.IsWeak.Should().BeFalse();
    }

    [Fact]
    public async Task The_tsv_and_meta_csv_feeds_read_back_with_a_csv_reader()
    {
        var (lot, active, delisted, reader, activeId) = await SeedAsync();
        var tsv = Read(await reader.GetStringAsync("/feeds/google-merchant.tsv"), "\t");
        var row = tsv.Single(r => r["id"] == active);
        row["title"].Should().Be("Vải thiều \"Thanh Hà\" <loại 1> & hộp 2 kg");
        row["description"].Should().NotContain("\t").And.NotContain("\n");
        row["price"].Should().Be("45000 VND");
        row["link"].Should().Be($"{AgriApp.PublicBaseUrl}/01/08931234567897/10/{lot.LotCode}");
        tsv.Should().NotContain(r => r["id"] == delisted);

        var csvResponse = await reader.GetAsync("/feeds/meta.csv");
        var csv = Read(await csvResponse.Content.ReadAsStringAsync(), ",");
        var meta = csv.Single(r => r["id"] == active);
        meta["availability"].Should().Be("in stock");
        meta["description"].Should().Be("Chín cây,\thái sáng sớm.\nGiao trong 24 giờ, \"tươi\".");
        meta["brand"].Should().Be("HTX Vải thiều Thanh Hà");
        meta["gtin"].Should().Be("08931234567897");
        (await reader.Send(HttpMethod.Get, "/feeds/meta.csv", null, ("If-None-Match", csvResponse.ETag()))).StatusCode.Should().Be(HttpStatusCode.NotModified);

        // A change makes a new snapshot with a new ETag.
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{activeId}/stock", new { stock = 0 })).Expect(HttpStatusCode.OK);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var changed = await reader.Send(HttpMethod.Get, "/feeds/meta.csv", null, ("If-None-Match", csvResponse.ETag()));
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        Read(await changed.Content.ReadAsStringAsync(), ",").Single(r => r["id"] == active)["availability"].Should().Be("out of stock");
    }

    private static List<Dictionary<string, string>> Read(string text, string delimiter)
    {
        using var reader = CsvReader.FromText(
            text, new CsvReaderOptions { Separator = delimiter[0], Mode = delimiter == "\t" ? CsvMode.NoEscape : CsvMode.Rfc4180 });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(name => name, reader.GetString));
        }

        return rows;
    }
}
