using System.Diagnostics;
using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Listings;

/// <summary>Two app instances on one database: the daemon (HotCold) and the sync dispatchers share the work without doubling it.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly FakeMarketplaces fake = new();

    public Task InitializeAsync() => fake.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Two_instances_create_each_listing_once_and_the_survivor_takes_over_when_one_stops()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(TwoInstanceTests));
        var first = MarketplaceApp.On(fake, connectionString);
        await ((IAsyncLifetime)first).InitializeAsync();
        await using var second = MarketplaceApp.On(fake, connectionString);
        await ((IAsyncLifetime)second).InitializeAsync();

        var lot = await first.SellerAsync(100, Marketplace.Shopee, Marketplace.Webhook);
        var skus = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var via = i % 2 == 0 ? lot : lot with { Farm = lot.Farm with { Cooperative = second.As(Key(lot.Farm.Cooperative)) } };
            var created = await (await via.PublishAsync(5, "shopee", "webhook")).Expect(HttpStatusCode.Created);
            skus.Add(created["sellerSku"]!.GetValue<string>());
            await first.ListingWhenAsync(lot, created.Id(), l => MarketplaceApp.All(l, "synced"));
        }

        foreach (var sku in skus)
        {
            fake.Products(Marketplace.Shopee).Count(p => p.SellerSku == sku).Should().Be(1);
            fake.Deliveries.Where(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal))
                .Select(d => d.DeliveryId).Distinct().Should().ContainSingle();
        }

        // The first instance stops; the second carries on alone (the daemon's shards move to it).
        await first.DisposeAsync();
        var survivor = lot with { Farm = lot.Farm with { Cooperative = second.As(Key(lot.Farm.Cooperative)) } };
        var clock = Stopwatch.StartNew();
        var late = await (await survivor.PublishAsync(5, "shopee")).Expect(HttpStatusCode.Created);
        await second.ListingWhenAsync(survivor, late.Id(), l => MarketplaceApp.All(l, "synced"), seconds: 30);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        fake.Products(Marketplace.Shopee).Count(p => p.SellerSku == late["sellerSku"]!.GetValue<string>()).Should().Be(1);
    }

    private static string Key(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
}
