using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using static HaiDuong.Agri.IntegrationTests.Infrastructure.MarketplaceApp;

namespace HaiDuong.Agri.IntegrationTests.Listings;

public sealed class MarketplaceSyncTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private static readonly Marketplace[] Everywhere = [Marketplace.Shopee, Marketplace.Lazada, Marketplace.Tiktok, Marketplace.Webhook];

    private FakeMarketplaces Fake => app.Fake;

    private int ProductsWith(Marketplace marketplace, string sku) => Fake.Products(marketplace).Count(p => p.SellerSku == sku);

    [Fact]
    public async Task A_listing_ends_synced_everywhere_with_exactly_one_create_at_each_marketplace()
    {
        var lot = await app.SellerAsync(100, Everywhere);
        var created = await (await lot.PublishAsync(12, "shopee", "lazada", "tiktok", "webhook")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();

        var listing = await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));
        foreach (var marketplace in Everywhere.SkipLast(1))
        {
            ProductsWith(marketplace, sku).Should().Be(1, $"{marketplace} must see one create");
            var product = Fake.Product(marketplace, sku)!;
            (product.PriceVnd, product.Stock, product.Listed).Should().Be((45000L, 12, true));
            Channel(listing, marketplace)["externalId"]!.GetValue<string>().Should().Be(product.ExternalId);
            Channel(listing, marketplace)["attempts"]!.GetValue<int>().Should().Be(1);
        }

        var published = Fake.Deliveries.Where(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal)).ToList();
        published.Select(d => d.DeliveryId).Distinct().Should().ContainSingle();
        Fake.SignatureFailures.Should().BeEmpty();
    }

    [Fact]
    public async Task Three_transient_failures_in_a_row_clear_and_the_create_is_still_made_once()
    {
        var lot = await app.SellerAsync(100, Marketplace.Shopee);
        Fake.FailNext(Marketplace.Shopee, FakeFailure.ServerError);
        Fake.FailNext(Marketplace.Shopee, FakeFailure.TooManyRequests, retryAfter: TimeSpan.FromSeconds(1));
        Fake.FailNext(Marketplace.Shopee, FakeFailure.Throttled);
        var started = DateTime.UtcNow;
        var created = await (await lot.PublishAsync(5, "shopee")).Expect(HttpStatusCode.Created);

        var listing = await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"), seconds: 60);
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromMinutes(1));
        Channel(listing, Marketplace.Shopee)["attempts"]!.GetValue<int>().Should().Be(4);
        ProductsWith(Marketplace.Shopee, created["sellerSku"]!.GetValue<string>()).Should().Be(1);
    }

    [Fact]
    public async Task An_auth_error_shows_on_the_listing_and_the_account_and_linking_again_resumes_the_sync()
    {
        var lot = await app.SellerAsync(100, Marketplace.Lazada);
        Fake.FailNext(Marketplace.Lazada, FakeFailure.AuthError);
        var created = await (await lot.PublishAsync(5, "lazada")).Expect(HttpStatusCode.Created);

        var listing = await app.ListingWhenAsync(lot, created.Id(), l => Status(l, Marketplace.Lazada) == "needs-reauthorization");
        Channel(listing, Marketplace.Lazada)["lastError"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        var accounts = await (await lot.Farm.Household.GetAsync($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts")).Expect(HttpStatusCode.OK);
        accounts["items"]![0]!["status"]!.GetValue<string>().Should().Be("needs-reauthorization");

        var shop = accounts["items"]![0]!["shopId"]!.GetValue<string>();
        Fake.AcceptToken(Marketplace.Lazada, shop, "fresh-lazada-token");
        await (await lot.Farm.Household.PostJson($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts", new
        {
            marketplace = "lazada",
            shopId = shop,
            accessToken = "fresh-lazada-token",
        })).Expect(HttpStatusCode.OK);
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));
        ProductsWith(Marketplace.Lazada, created["sellerSku"]!.GetValue<string>()).Should().Be(1);
    }

    [Fact]
    public async Task A_validation_error_lands_in_the_dead_letters_and_an_admin_replays_it()
    {
        var lot = await app.SellerAsync(100, Marketplace.Tiktok);
        Fake.FailNext(Marketplace.Tiktok, FakeFailure.ValidationError);
        var created = await (await lot.PublishAsync(5, "tiktok")).Expect(HttpStatusCode.Created);
        await app.ListingWhenAsync(lot, created.Id(), l => Status(l, Marketplace.Tiktok) == "failed");
        await Task.Delay(500);
        Fake.Requests.Count(r => r.Marketplace == Marketplace.Tiktok && r.Body.Contains(created["sellerSku"]!.GetValue<string>(), StringComparison.Ordinal))
            .Should().Be(1, "a refused create is never retried blindly");

        var letters = await (await app.Admin().GetAsync("/api/v1/marketplace-sync/dead-letters")).Expect(HttpStatusCode.OK);
        var letter = letters["items"]!.AsArray().Single(l => l!["listingId"]!.GetValue<string>() == created.Id())!;
        letter["marketplace"]!.GetValue<string>().Should().Be("tiktok");
        letter["reason"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        await (await lot.Farm.Household.PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await lot.Farm.Cooperative.GetAsync("/api/v1/marketplace-sync/dead-letters")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await app.Admin().PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { })).Expect(HttpStatusCode.OK);
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));
        ProductsWith(Marketplace.Tiktok, created["sellerSku"]!.GetValue<string>()).Should().Be(1);
        (await (await app.Admin().GetAsync("/api/v1/marketplace-sync/dead-letters")).Expect(HttpStatusCode.OK))["items"]!.AsArray()
            .Should().NotContain(l => l!["listingId"]!.GetValue<string>() == created.Id());
        await (await app.Admin().PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_listings_cooperative_replays_its_own_dead_letter_and_another_cooperative_finds_none()
    {
        var lot = await app.SellerAsync(100, Marketplace.Tiktok);
        Fake.FailNext(Marketplace.Tiktok, FakeFailure.ValidationError);
        var created = await (await lot.PublishAsync(5, "tiktok")).Expect(HttpStatusCode.Created);
        var failed = await app.ListingWhenAsync(lot, created.Id(), l => Status(l, Marketplace.Tiktok) == "failed");
        Channel(failed, Marketplace.Tiktok)["failingSince"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var letters = await (await app.Admin().GetAsync("/api/v1/marketplace-sync/dead-letters")).Expect(HttpStatusCode.OK);
        var letter = letters["items"]!.AsArray().Single(l => l!["listingId"]!.GetValue<string>() == created.Id())!;

        var otherCooperativeId = await app.CooperativeAsync("HTX Nông nghiệp Kim Thành");
        var otherCooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = otherCooperativeId, label = "other HTX" }));
        await (await otherCooperative.PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/marketplace-sync/dead-letters/{Guid.NewGuid()}/replay", new { }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var replayed = await (await lot.Farm.Cooperative.PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { })).Expect(HttpStatusCode.OK);
        replayed["id"]!.GetValue<string>().Should().Be(created.Id());
        var synced = await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));
        Channel(synced, Marketplace.Tiktok)["failingSince"].Should().BeNull();
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/marketplace-sync/dead-letters/{letter.Id()}/replay", new { }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_order_sent_twice_moves_stock_once_and_the_new_stock_reaches_the_other_marketplace()
    {
        var lot = await app.SellerAsync(100, Marketplace.Shopee, Marketplace.Lazada);
        var created = await (await lot.PublishAsync(10, "shopee", "lazada")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));

        var shopee = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee orders" }));
        var order = new { marketplace = "shopee", externalOrderId = $"SP-{sku[^6..]}", listingId = created.Id(), quantity = 3, totalVnd = 135000, orderedAt = "2026-07-01T02:30:00Z" };
        await (await shopee.PostJson("/api/v1/marketplace/orders", order)).Expect(HttpStatusCode.Created);
        await (await shopee.PostJson("/api/v1/marketplace/orders", order)).Expect(HttpStatusCode.OK);

        var listing = await app.ListingWhenAsync(lot, created.Id(), l => l["stock"]!.GetValue<int>() == 7 && All(l, "synced"));
        listing["sold"]!.GetValue<int>().Should().Be(3);
        Fake.Product(Marketplace.Lazada, sku)!.Stock.Should().Be(7);
        Fake.Product(Marketplace.Shopee, sku)!.Stock.Should().Be(7);
    }

    [Fact]
    public async Task Price_and_stock_reach_the_marketplace_as_the_latest_absolute_values_and_delisting_takes_it_down()
    {
        var lot = await app.SellerAsync(100, Marketplace.Shopee, Marketplace.Webhook);
        var created = await (await lot.PublishAsync(10, "shopee", "webhook")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        for (var price = 46000; price <= 50000; price += 1000)
        {
            await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{created.Id()}/price", new { priceVnd = price })).Expect(HttpStatusCode.OK);
        }

        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{created.Id()}/stock", new { stock = 4 })).Expect(HttpStatusCode.OK);
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced") && Channel(l, Marketplace.Shopee)["syncedVersion"]!.GetValue<long>() >= 7);
        var product = Fake.Product(Marketplace.Shopee, sku)!;
        (product.PriceVnd, product.Stock).Should().Be((50000L, 4));
        var webhook = Fake.Deliveries.Where(d => d.Body.Contains(sku, StringComparison.Ordinal)).ToList();
        webhook.Last().Body.Should().Contain("50000");

        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{created.Id()}/delist", new { reason = "Hết mùa" })).Expect(HttpStatusCode.OK);
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "delisted"));
        Fake.Product(Marketplace.Shopee, sku)!.Listed.Should().BeFalse();
        Fake.Deliveries.Should().Contain(d => d.Event == "listing.delisted" && d.Body.Contains(sku, StringComparison.Ordinal));
        ProductsWith(Marketplace.Shopee, sku).Should().Be(1);
    }

    [Fact]
    public async Task A_create_that_timed_out_and_is_retried_after_a_price_change_leaves_the_new_price_at_the_marketplace()
    {
        var lot = await app.SellerAsync(100, Marketplace.Tiktok, Marketplace.Webhook);
        var tiktokHold = Fake.HoldNext(Marketplace.Tiktok);
        var webhookHold = Fake.HoldNext(Marketplace.Webhook);
        var created = await (await lot.PublishAsync(10, "tiktok", "webhook")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        await Task.WhenAll(tiktokHold.Arrived, webhookHold.Arrived).WaitAsync(TimeSpan.FromSeconds(30));

        // The platforms made the product with the first price; the app's calls time out, and the seller changes the price.
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{created.Id()}/price", new { priceVnd = 52000 })).Expect(HttpStatusCode.OK);
        var listing = await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced") && Channel(l, Marketplace.Tiktok)["syncedVersion"]!.GetValue<long>() >= 2, seconds: 60);

        Fake.Product(Marketplace.Tiktok, sku)!.PriceVnd.Should().Be(52000);
        ProductsWith(Marketplace.Tiktok, sku).Should().Be(1);
        Fake.Deliveries.Last(d => d.Body.Contains(sku, StringComparison.Ordinal)).Body.Should().Contain("52000");
        Fake.Deliveries.Where(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal))
            .Select(d => d.DeliveryId).Distinct().Should().ContainSingle();
        Channel(listing, Marketplace.Tiktok)["externalId"]!.GetValue<string>().Should().Be(Fake.Product(Marketplace.Tiktok, sku)!.ExternalId);
    }

    [Fact]
    public async Task Delisting_before_a_create_is_confirmed_takes_down_what_the_create_made()
    {
        var lot = await app.SellerAsync(100, Marketplace.Tiktok);
        var hold = Fake.HoldNext(Marketplace.Tiktok);
        var created = await (await lot.PublishAsync(10, "tiktok")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{created.Id()}/delist", new { })).Expect(HttpStatusCode.OK);

        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "delisted"), seconds: 60);
        ProductsWith(Marketplace.Tiktok, sku).Should().Be(1);
        Fake.Product(Marketplace.Tiktok, sku)!.Listed.Should().BeFalse();
    }

    [Fact]
    public async Task A_recall_takes_the_lot_off_every_marketplace_reports_what_went_out_and_shows_on_the_trace_page()
    {
        var lot = await app.SellerAsync(100, Marketplace.Shopee, Marketplace.Webhook);
        var created = await (await lot.PublishAsync(10, "shopee", "webhook")).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "synced"));
        var shopee = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee orders" }));
        await (await shopee.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "shopee",
            externalOrderId = $"SP-R-{sku[^6..]}",
            listingId = created.Id(),
            quantity = 2,
            totalVnd = 90000,
            orderedAt = "2026-07-01T01:00:00Z",
        })).Expect(HttpStatusCode.Created);

        await (await lot.Farm.Household.PostJson($"/api/v1/lots/{lot.LotId}/recall", new { reason = "Dư lượng thuốc BVTV vượt ngưỡng" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var report = await (await lot.Farm.Cooperative.PostJson($"/api/v1/lots/{lot.LotId}/recall", new { reason = "Dư lượng thuốc BVTV vượt ngưỡng" }))
            .Expect(HttpStatusCode.OK);
        report["listings"]!.AsArray().Should().ContainSingle().Which!["status"]!.GetValue<string>().Should().Be("delisted");
        report["orders"]!.AsArray().Should().ContainSingle().Which!["quantity"]!.GetValue<int>().Should().Be(2);
        report["unitsSold"]!.GetValue<int>().Should().Be(2);

        await app.ListingWhenAsync(lot, created.Id(), l => All(l, "delisted"));
        Fake.Product(Marketplace.Shopee, sku)!.Listed.Should().BeFalse();
        Fake.Deliveries.Should().Contain(d => d.Event == "listing.delisted" && d.Body.Contains(sku, StringComparison.Ordinal));

        var page = await TraceSeed.Get(app.Anonymous(), $"/01/08931234567897/10/{lot.LotCode}");
        (await page.Content.ReadAsStringAsync()).Should().Contain("THU HỒI").And.Contain("Dư lượng thuốc BVTV vượt ngưỡng");
        var again = await (await lot.Farm.Cooperative.PostJson($"/api/v1/lots/{lot.LotId}/recall", new { reason = "lần hai" })).Expect(HttpStatusCode.OK);
        (again["recalledAt"]!.GetValue<string>(), again["reason"]!.GetValue<string>()).Should().Be((report["recalledAt"]!.GetValue<string>(), "Dư lượng thuốc BVTV vượt ngưỡng"));
        await (await lot.PublishAsync(1, "shopee")).ExpectProblem(HttpStatusCode.Conflict, "lot-recalled");
    }
}
