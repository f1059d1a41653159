using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>The app killed with SIGKILL in the middle of work, then started again on the same database.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    private readonly FakeMarketplaces fake = new();

    public Task InitializeAsync() => fake.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Killed_during_a_bulk_offline_upload_nothing_is_half_applied_and_the_idempotency_key_still_holds()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(CrashTests) + "Bulk");
        string batchId;
        await using (var app = await AppProcess.StartAsync(connectionString))
        {
            var admin = app.As(AgriApp.AdminKey);
            var farm = await SeedAsync(admin);
            batchId = (await (await admin.PostJson("/api/v1/batches", new { growingAreaId = farm, crop = "vải thiều" })).Expect(HttpStatusCode.Created)).Id();
            var upload = admin.PostJson($"/api/v1/batches/{batchId}/steps:bulk", Steps(), ("Idempotency-Key", "phone-upload-1"));
            await Task.Delay(Random.Shared.Next(50, 400));
            app.Kill();
            try
            {
                await upload;
            }
            catch (HttpRequestException)
            {
                // The connection died with the process: the phone never heard back.
            }
        }

        await using var again = await AppProcess.StartAsync(connectionString);
        var client = again.As(AgriApp.AdminKey);
        var before = await (await client.GetAsync($"/api/v1/batches/{batchId}/timeline")).Expect(HttpStatusCode.OK);
        before["steps"]!.AsArray().Count.Should().BeOneOf([0, 1500], "a bulk upload is applied whole or not at all");

        // The phone retries with the same key: the upload is applied exactly once.
        var retry = await (await client.PostJson($"/api/v1/batches/{batchId}/steps:bulk", Steps(), ("Idempotency-Key", "phone-upload-1"))).Expect(HttpStatusCode.OK);
        var after = await (await client.GetAsync($"/api/v1/batches/{batchId}/timeline")).Expect(HttpStatusCode.OK);
        after["steps"]!.AsArray().Count.Should().Be(1500);
        (await (await client.PostJson($"/api/v1/batches/{batchId}/steps:bulk", Steps(), ("Idempotency-Key", "phone-upload-1"))).Expect(HttpStatusCode.OK))
            .ToJsonString().Should().Be(retry.ToJsonString(), "a repeat of the key answers as the first time");
    }

    [Fact]
    public async Task Killed_during_marketplace_creates_a_restart_creates_nothing_twice()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(CrashTests) + "Sync");
        var settings = new Dictionary<string, string?>(fake.Configuration()) { ["Marketplaces:Sync:Lease"] = "00:00:03", ["Marketplaces:Timeout"] = "00:00:30" };
        string listingId;
        string sku;
        string cooperativeKey;
        await using (var app = await AppProcess.StartAsync(connectionString, settings))
        {
            var admin = app.As(AgriApp.AdminKey);
            var lotId = await LotAsync(admin);
            var lot = await (await admin.GetAsync($"/api/v1/lots/{lotId}")).Expect(HttpStatusCode.OK);
            cooperativeKey = (await (await admin.PostJson("/api/v1/api-keys", new { role = "cooperative", cooperativeId = lot["cooperativeId"]!.GetValue<string>(), label = "HTX" })).Expect(HttpStatusCode.Created))["key"]!.GetValue<string>();
            var cooperative = app.As(cooperativeKey);
            var householdId = lot["householdId"]!.GetValue<string>();
            fake.AcceptToken(Marketplace.Shopee, "crash-shop", "crash-token");
            await (await cooperative.PostJson($"/api/v1/households/{householdId}/marketplace-accounts", new { marketplace = "shopee", shopId = "crash-shop", accessToken = "crash-token" })).Expect(HttpStatusCode.Created);
            await (await cooperative.PostJson($"/api/v1/households/{householdId}/marketplace-accounts", new { marketplace = "webhook", shopId = "crash-shop" })).Expect(HttpStatusCode.Created);
            var hold = fake.HoldNext(Marketplace.Shopee);
            var created = await (await cooperative.PostJson("/api/v1/listings", new
            {
                lotId,
                title = "Vải thiều",
                priceVnd = 45000,
                stock = 5,
                imageUrls = Array.Empty<string>(),
                marketplaces = new[] { "shopee", "webhook" },
            })).Expect(HttpStatusCode.Created);
            listingId = created.Id();
            sku = created["sellerSku"]!.GetValue<string>();
            await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(60));
            app.Kill();
        }

        await using var again = await AppProcess.StartAsync(connectionString, settings);
        var client = again.As(cooperativeKey);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var listing = await (await client.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK);
            if (MarketplaceApp.All(listing, "synced"))
            {
                break;
            }

            DateTime.UtcNow.Should().BeBefore(until, $"the listing should sync after the restart: {listing.ToJsonString()}");
            await Task.Delay(200);
        }

        fake.Products(Marketplace.Shopee).Count(p => p.SellerSku == sku).Should().Be(1);
        fake.Deliveries.Where(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal))
            .Select(d => d.DeliveryId).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task When_the_active_instance_is_killed_the_other_takes_over_the_daemon_within_a_bounded_time()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(CrashTests) + "HotCold");
        var settings = new Dictionary<string, string?>(fake.Configuration());

        // The first instance runs alone, so it holds every shard of the daemon: its delivery proves it.
        await using var first = await AppProcess.StartAsync(connectionString, settings);
        var admin = first.As(AgriApp.AdminKey);
        var lotId = await LotAsync(admin);
        var householdId = (await (await admin.GetAsync($"/api/v1/lots/{lotId}")).Expect(HttpStatusCode.OK))["householdId"]!.GetValue<string>();
        var key = (await (await admin.PostJson("/api/v1/api-keys", new { role = "household", householdId, label = "An" })).Expect(HttpStatusCode.Created))["key"]!.GetValue<string>();
        await (await first.As(key).PostJson($"/api/v1/households/{householdId}/marketplace-accounts", new { marketplace = "webhook", shopId = "hot-cold" })).Expect(HttpStatusCode.Created);
        await PublishAndAwaitDeliveryAsync(first.As(key), lotId, TimeSpan.FromSeconds(30));

        // A second instance joins (cold), then the active one is killed: the survivor must take the shards over.
        await using var second = await AppProcess.StartAsync(connectionString, settings);
        first.Kill();
        var takeover = await PublishAndAwaitDeliveryAsync(second.As(key), lotId, TimeSpan.FromSeconds(45));
        takeover.Should().BeLessThan(TimeSpan.FromSeconds(45));
    }

    private async Task<TimeSpan> PublishAndAwaitDeliveryAsync(HttpClient household, string lotId, TimeSpan bound)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = await (await household.PostJson("/api/v1/listings", new
        {
            lotId,
            title = "Vải thiều",
            priceVnd = 45000,
            stock = 1,
            imageUrls = Array.Empty<string>(),
            marketplaces = new[] { "webhook" },
        })).Expect(HttpStatusCode.Created);
        var sku = created["sellerSku"]!.GetValue<string>();
        while (!fake.Deliveries.Any(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal)))
        {
            clock.Elapsed.Should().BeLessThan(bound, "the daemon's active instance delivers the listing");
            await Task.Delay(200);
        }

        return clock.Elapsed;
    }

    private static async Task<string> SeedAsync(HttpClient admin)
    {
        var cooperativeId = (await (await admin.PostJson("/api/v1/cooperatives", new { name = "HTX", provinceCode = "31", communeCode = "10507" })).Expect(HttpStatusCode.Created)).Id();
        var householdId = (await (await admin.PostJson("/api/v1/households", new { name = "An", phone = "0912345678", provinceCode = "31", communeCode = "10507", cooperativeId })).Expect(HttpStatusCode.Created)).Id();
        return (await (await admin.PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn", crop = "vải thiều", areaM2 = 1000, communeCode = "10507" })).Expect(HttpStatusCode.Created)).Id();
    }

    private static async Task<string> LotAsync(HttpClient admin)
    {
        var area = await SeedAsync(admin);
        var batchId = (await (await admin.PostJson("/api/v1/batches", new { growingAreaId = area, crop = "vải thiều" })).Expect(HttpStatusCode.Created)).Id();
        await (await admin.PostJson($"/api/v1/batches/{batchId}/planting", new { plantedOn = "2026-01-15" })).Expect(HttpStatusCode.OK);
        await (await admin.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 100 })).Expect(HttpStatusCode.OK);
        return (await (await admin.PostJson("/api/v1/lots", new { batchId, gtin = "8931234567897", packedOn = "2026-06-04", unitCount = 20, netWeightGrams = 2000, productName = "Vải thiều" })).Expect(HttpStatusCode.Created)).Id();
    }

    private static object Steps() => new
    {
        steps = Enumerable.Range(0, 1500).Select(i => i == 0
            ? (object)new { type = "planting", plantedOn = "2026-01-15", clientStepId = "crash-plant" }
            : new { type = "activity", kind = "observation", occurredAt = $"2026-02-{1 + (i % 27):00}T03:00:00Z", notes = $"quan sát {i}", clientStepId = $"crash-{i}" }),
    };
}
