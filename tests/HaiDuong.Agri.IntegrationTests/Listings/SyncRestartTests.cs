using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Listings;

public sealed class SyncRestartTests : IAsyncLifetime
{
    private readonly FakeMarketplaces fake = new();

    public Task InitializeAsync() => fake.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task An_app_stopped_mid_create_and_started_again_on_the_same_database_creates_nothing_twice()
    {
        string connectionString;
        string listingId;
        string sku;
        PackedLot lot;
        var first = MarketplaceApp.On(fake, await TestPostgres.CreateDatabaseAsync(nameof(SyncRestartTests)));
        await ((IAsyncLifetime)first).InitializeAsync();
        try
        {
            connectionString = first.ConnectionString!;
            lot = await first.SellerAsync(100, Marketplace.Shopee, Marketplace.Tiktok, Marketplace.Webhook);
            var shopeeHold = fake.HoldNext(Marketplace.Shopee);
            var tiktokHold = fake.HoldNext(Marketplace.Tiktok);
            var created = await (await lot.PublishAsync(8, "shopee", "tiktok", "webhook")).Expect(HttpStatusCode.Created);
            listingId = created.Id();
            sku = created["sellerSku"]!.GetValue<string>();
            await Task.WhenAll(shopeeHold.Arrived, tiktokHold.Arrived).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // Stopped while both creates are in flight: the marketplaces made the products, the app never heard back.
            await first.DisposeAsync();
        }

        fake.Product(Marketplace.Shopee, sku).Should().NotBeNull();
        await using var second = MarketplaceApp.On(fake, connectionString);
        await ((IAsyncLifetime)second).InitializeAsync();
        var keys = lot.Farm with
        {
            Cooperative = second.As(lot.Farm.Cooperative.DefaultRequestHeaders.Authorization!.Parameter!),
        };
        var listing = await second.ListingWhenAsync(lot with { Farm = keys }, listingId, l => MarketplaceApp.All(l, "synced"), seconds: 60);

        fake.Products(Marketplace.Shopee).Count(p => p.SellerSku == sku).Should().Be(1);
        fake.Products(Marketplace.Tiktok).Count(p => p.SellerSku == sku).Should().Be(1);
        fake.Deliveries.Where(d => d.Event == "listing.published" && d.Body.Contains(sku, StringComparison.Ordinal))
            .Select(d => d.DeliveryId).Distinct().Should().ContainSingle();
        MarketplaceApp.Channel(listing, Marketplace.Shopee)["externalId"]!.GetValue<string>().Should().Be(fake.Product(Marketplace.Shopee, sku)!.ExternalId);
    }
}
