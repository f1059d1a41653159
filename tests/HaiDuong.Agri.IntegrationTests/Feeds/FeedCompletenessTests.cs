using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;

namespace HaiDuong.Agri.IntegrationTests.Feeds;

/// <summary>
/// The catalogue feeds hold only items a merchant centre accepts: every attribute it requires, or the listing is left out
/// and its seller (the listing's view) and the feed readers (the change feed) are told why.
/// </summary>
public sealed class FeedCompletenessTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static readonly XNamespace G = "http://base.google.com/ns/1.0";

    /// <summary>
    /// Google Merchant Center, "Product data specification" (https://support.google.com/merchants/answer/7052112), with its
    /// brand (answer/6324351) and GTIN (answer/6324461) rules; the unit tests' FeedWriterTests spell out each one.
    /// </summary>
    private static readonly string[] GoogleRequired = ["id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand", "gtin"];

    /// <summary>
    /// Meta, "Catalog Fields" (https://developers.facebook.com/documentation/ads-commerce/commerce-platform/catalog/fields)
    /// and "Set Up Your Catalog Feed" (https://developers.facebook.com/docs/marketing-api/catalog-feed-setup).
    /// </summary>
    private static readonly string[] MetaRequired = ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand"];

    [Fact]
    public async Task A_listing_a_merchant_centre_would_refuse_is_left_out_and_its_seller_sees_why()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        var complete = await (await lot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created);
        var bare = await (await lot.Farm.Household.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "Vải thiều Thanh Hà — thùng 10 kg",
            priceVnd = 200000,
            stock = 3,
            imageUrls = Array.Empty<string>(),
            marketplaces = new[] { "webhook" },
        })).Expect(HttpStatusCode.Created);

        // The seller sees it at once: in the answer to publishing, and whenever it reads the listing.
        Feed(complete, "google-merchant")["included"]!.GetValue<bool>().Should().BeTrue();
        Feed(complete, "meta")["problems"]!.AsArray().Should().BeEmpty();
        var view = await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{bare.Id()}")).Expect(HttpStatusCode.OK);
        foreach (var listing in new[] { bare, view })
        {
            foreach (var feed in new[] { "google-merchant", "meta" })
            {
                Feed(listing, feed)["included"]!.GetValue<bool>().Should().BeFalse();
                var problems = Feed(listing, feed)["problems"]!.AsArray();
                problems.Select(p => p!["attribute"]!.GetValue<string>()).Should().BeEquivalentTo("description", "image_link");
                problems.Should().OnlyContain(p => p!["reason"]!.GetValue<string>().Length > 0);
            }
        }

        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var reader = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Feed reader" }));
        var completeSku = complete["sellerSku"]!.GetValue<string>();
        var bareSku = bare["sellerSku"]!.GetValue<string>();

        var xml = XDocument.Parse(await reader.GetStringAsync("/feeds/google-merchant.xml"));
        var items = xml.Descendants("item").Select(i => GoogleRequired.ToDictionary(a => a, a => i.Element(G + a)?.Value)).ToList();
        var tsv = Read(await reader.GetStringAsync("/feeds/google-merchant.tsv"), '\t').Select(r => GoogleRequired.ToDictionary(a => a, a => (string?)r[a])).ToList();
        foreach (var google in new[] { items, tsv })
        {
            google.Select(i => i["id"]).Should().Contain(completeSku).And.NotContain(bareSku);
            google.Should().OnlyContain(i => i.Values.All(v => !string.IsNullOrWhiteSpace(v)), "every item carries every attribute Google requires");
            var item = google.Single(i => i["id"] == completeSku);
            item["image_link"].Should().Be("https://img.example.vn/vai-1.jpg");
            item["condition"].Should().Be("new");
            item["brand"].Should().Be("HTX Vải thiều Thanh Hà");
            item["gtin"].Should().Be("08931234567897");
        }

        var meta = Read(await reader.GetStringAsync("/feeds/meta.csv"), ',');
        meta.Select(r => r["id"]).Should().Contain(completeSku).And.NotContain(bareSku);
        meta.Should().OnlyContain(r => MetaRequired.All(c => !string.IsNullOrWhiteSpace(r[c])), "every row fills every column Meta requires");

        // The feed readers (platforms, admins) see it in the change feed: the listing, and why the catalogue feeds leave it out.
        var changes = await (await app.Admin().GetAsync("/feeds/listings.json?limit=1000")).Expect(HttpStatusCode.OK);
        var entry = changes["items"]!.AsArray().Single(i => i!.Id() == bare.Id())!;
        Feed(entry, "google-merchant")["included"]!.GetValue<bool>().Should().BeFalse();
        Feed(entry, "meta")["problems"]!.AsArray().Select(p => p!["attribute"]!.GetValue<string>()).Should().BeEquivalentTo("description", "image_link");
        Feed(changes["items"]!.AsArray().Single(i => i!.Id() == complete.Id())!, "google-merchant")["included"]!.GetValue<bool>().Should().BeTrue();

        // A delisted listing is in no feed, whatever it holds.
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{complete.Id()}/delist", new { })).Expect(HttpStatusCode.OK);
        var delisted = await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{complete.Id()}")).Expect(HttpStatusCode.OK);
        Feed(delisted, "google-merchant")["included"]!.GetValue<bool>().Should().BeFalse();
        Feed(delisted, "google-merchant")["problems"]!.AsArray().Should().BeEmpty();
    }

    private static JsonNode Feed(JsonNode listing, string name) =>
        listing["feeds"]!.AsArray().Single(f => f!["feed"]!.GetValue<string>() == name)!;

    private static List<Dictionary<string, string>> Read(string text, char separator)
    {
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = separator, Mode = separator == '\t' ? CsvMode.NoEscape : CsvMode.Rfc4180 });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(name => name, reader.GetString));
        }

        return rows;
    }
}
