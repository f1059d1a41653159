using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>
/// The app wired to fake marketplaces (real HTTP servers on loopback) with their partner keys, polling the ledger often.
/// Give it an existing database and fake to start a second life of an app that was stopped.
/// </summary>
public sealed class MarketplaceApp : AgriApp
{
    private readonly bool ownsFake;
    private readonly string? connectionString;

    public MarketplaceApp()
    {
        Fake = new FakeMarketplaces();
        ownsFake = true;
    }

    private MarketplaceApp(FakeMarketplaces fake, string connectionString)
    {
        Fake = fake;
        this.connectionString = connectionString;
    }

    public FakeMarketplaces Fake { get; }

    /// <summary>An app on a given database and already started fake (a restart of an app that was stopped).</summary>
    public static MarketplaceApp On(FakeMarketplaces fake, string connectionString) => new(fake, connectionString);

    protected override async Task<string?> DatabaseAsync()
    {
        if (ownsFake)
        {
            await Fake.StartAsync();
        }

        foreach (var (key, value) in Fake.Configuration())
        {
            Set(key, value);
        }

        Set("Marketplaces:Sync:PollInterval", "00:00:00.050");
        Set("Marketplaces:Sync:Lease", "00:00:03");
        Set("Marketplaces:Timeout", "00:00:05");
        return connectionString ?? await base.DatabaseAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsFake)
        {
            await Fake.DisposeAsync();
        }
    }

    /// <summary>A packed lot whose household linked a shop on each marketplace, each with a token the fake accepts.</summary>
    public async Task<PackedLot> SellerAsync(int units = 100, params Marketplace[] marketplaces)
    {
        var lot = await this.PackedLotAsync(units);
        foreach (var marketplace in marketplaces)
        {
            var name = ListingDecisions.Name(marketplace);
            var shop = $"{name}-{lot.Farm.HouseholdId[..8]}";
            var token = $"{name}-token-{Guid.NewGuid():N}";
            Fake.AcceptToken(marketplace, shop, token);
            await (await lot.Farm.Household.PostJson($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts", new
            {
                marketplace = name,
                shopId = shop,
                accessToken = marketplace == Marketplace.Webhook ? null : token,
            })).Expect(HttpStatusCode.Created);
        }

        return lot;
    }

    /// <summary>Reads the listing until <paramref name="done"/> holds (the sync runs in the background), failing after a bound.</summary>
    public async Task<JsonNode> ListingWhenAsync(PackedLot lot, string listingId, Func<JsonNode, bool> done, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var listing = await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK);
            if (done(listing))
            {
                return listing;
            }

            DateTime.UtcNow.Should().BeBefore(until, $"the listing should have reached the expected state; it is {listing.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static JsonNode Channel(JsonNode listing, Marketplace marketplace) =>
        listing["marketplaces"]!.AsArray().Single(c => c!["marketplace"]!.GetValue<string>() == ListingDecisions.Name(marketplace))!;

    public static string Status(JsonNode listing, Marketplace marketplace) => Channel(listing, marketplace)["status"]!.GetValue<string>();

    public static bool All(JsonNode listing, string status) =>
        listing["marketplaces"]!.AsArray().All(c => c!["status"]!.GetValue<string>() == status);
}
