using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Listings;

public sealed class ListingTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task Listing_on_a_marketplace_needs_a_linked_account_of_the_household_or_its_cooperative()
    {
        var lot = await app.PackedLotAsync();
        var refused = await (await lot.PublishAsync(10, "shopee", "lazada")).ExpectProblem(HttpStatusCode.Conflict, "marketplace-account-missing");
        refused["marketplaces"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("shopee", "lazada");

        (await lot.Farm.LinkAsync("shopee"))["status"]!.GetValue<string>().Should().Be("active");
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/cooperatives/{lot.Farm.CooperativeId}/marketplace-accounts", new
        {
            marketplace = "lazada",
            shopId = "htx-thanh-ha",
            accessToken = "coop-token",
        })).Expect(HttpStatusCode.Created);

        var listing = await (await lot.PublishAsync(10, "shopee", "lazada")).Expect(HttpStatusCode.Created);
        listing["sellerSku"]!.GetValue<string>().Should().MatchRegex("^AGRI-[0-9A-F]{32}$");
        listing["status"]!.GetValue<string>().Should().Be("active");
        listing["traceUrl"]!.GetValue<string>().Should().Be($"{AgriApp.PublicBaseUrl}/01/08931234567897/10/{lot.LotCode}");
        var channels = listing["marketplaces"]!.AsArray();
        channels.Select(c => c!["marketplace"]!.GetValue<string>()).Should().Equal("shopee", "lazada");
        channels.Select(c => c!["status"]!.GetValue<string>()).Should().OnlyContain(s => s == "pending");
    }

    [Fact]
    public async Task Tokens_are_stored_encrypted_and_never_returned()
    {
        var lot = await app.PackedLotAsync();
        var response = await lot.Farm.Household.PostJson($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts", new
        {
            marketplace = "tiktok",
            shopId = "tt-shop-7",
            accessToken = "plain-access-token-7f3a",
            refreshToken = "plain-refresh-token-9c1d",
        });
        var account = await response.Expect(HttpStatusCode.Created);
        var text = account.ToJsonString();
        text.Should().NotContain("plain-access-token").And.NotContain("plain-refresh-token");
        account["hasAccessToken"]!.GetValue<bool>().Should().BeTrue();

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(data::text, ' ') from agri.mt_doc_marketplacecredentials union all select string_agg(data::text, ' ') from agri.mt_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            (reader.IsDBNull(0) ? "" : reader.GetString(0)).Should().NotContain("plain-access-token").And.NotContain("plain-refresh-token");
        }

        // Linking again replaces the tokens on the same account.
        var again = await lot.Farm.LinkAsync("tiktok", "tt-shop-8", "new-token");
        again.Id().Should().Be(account.Id());
        again["shopId"]!.GetValue<string>().Should().Be("tt-shop-8");
        var list = await (await lot.Farm.Household.GetAsync($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts")).Expect(HttpStatusCode.OK);
        list["items"]!.AsArray().Should().ContainSingle().Which!["shopId"]!.GetValue<string>().Should().Be("tt-shop-8");
        list.ToJsonString().Should().NotContain("new-token");
        var stranger = await app.FarmAsync();
        await (await stranger.Household.GetAsync($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_lots_listings_never_offer_more_units_than_the_lot_holds()
    {
        var lot = await app.PackedLotAsync(units: 50);
        await lot.Farm.LinkAsync("webhook");
        var first = await (await lot.PublishAsync(30, "webhook")).Expect(HttpStatusCode.Created);
        var refused = await (await lot.PublishAsync(21, "webhook")).ExpectProblem(HttpStatusCode.Conflict, "stock-exceeds-lot");
        refused["availableUnits"]!.GetValue<int>().Should().Be(20);
        var second = await (await lot.PublishAsync(20, "webhook")).Expect(HttpStatusCode.Created);

        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{first.Id()}/stock", new { stock = 31 }))
            .ExpectProblem(HttpStatusCode.Conflict, "stock-exceeds-lot");
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{second.Id()}/delist", new { reason = "Bán hết tại chợ" }))
            .Expect(HttpStatusCode.OK);
        var raised = await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{first.Id()}/stock", new { stock = 50 })).Expect(HttpStatusCode.OK);
        raised["stock"]!.GetValue<int>().Should().Be(50);
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{second.Id()}/price", new { priceVnd = 50000 }))
            .ExpectProblem(HttpStatusCode.Conflict, "listing-delisted");

        // An order placed on the delisted listing before the delisting reached the partner: the lot has no unit left for it.
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var late = new { marketplace = "webhook", externalOrderId = $"PM-{second.Id()[..8]}", listingId = second.Id(), quantity = 1, totalVnd = 45000, orderedAt = "2026-07-01T02:00:00Z" };
        await (await partner.PostJson("/api/v1/marketplace/orders", late)).ExpectProblem(HttpStatusCode.Conflict, "stock-exceeds-lot");
        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{first.Id()}/stock", new { stock = 49 })).Expect(HttpStatusCode.OK);
        (await (await partner.PostJson("/api/v1/marketplace/orders", late)).Expect(HttpStatusCode.Created))["stockAfter"]!.GetValue<int>().Should().Be(19);
    }

    [Fact]
    public async Task A_stock_change_the_database_picks_as_a_deadlock_victim_is_run_again_and_answers_once()
    {
        var lot = await app.PackedLotAsync(units: 50);
        await lot.Farm.LinkAsync("webhook");
        var listing = await (await lot.PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        var listingId = Guid.Parse(listing.Id());

        // Another writer (as the marketplace sync recording an outcome) holds the listing's stream row; the stock change
        // takes the lot's units lock and queues behind it; then the other writer wants the lot's lock: a deadlock. The
        // other writer waits longer before looking for deadlocks, so PostgreSQL picks the stock change as the victim.
        // (The lock's name is the one the listing commands use for a lot's units.)
        await using var other = new NpgsqlConnection(app.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await Sql(other, "set local deadlock_timeout = '30s'");
        await Sql(other, "select 1 from agri.mt_streams where id = $1 for update", listingId);
        var change = lot.Farm.Cooperative.PostJson($"/api/v1/listings/{listingId}/stock", new { stock = 12 });
        await WaitUntilAsync(async () => (long)(await Scalar(other, """
            select count(*) from pg_locks held join pg_locks waiting on waiting.pid = held.pid
            where held.locktype = 'advisory' and held.granted and not waiting.granted
            """))! > 0);
        await Sql(other, "select pg_advisory_xact_lock(hashtextextended($1, 0))", $"lot-units:{Guid.Parse(lot.LotId):N}");
        await transaction.RollbackAsync();

        var answer = await (await change).Expect(HttpStatusCode.OK);
        answer["stock"]!.GetValue<int>().Should().Be(12);
        var read = await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK);
        read["stock"]!.GetValue<int>().Should().Be(12);
        var stockEvents = await Scalar(other, "select count(*) from agri.mt_events where stream_id = $1 and type = 'listing_stock_changed'", listingId);
        stockEvents.Should().Be(1L, "the rolled-back attempt left nothing and the retry appended once");
    }

    private static async Task Sql(NpgsqlConnection connection, string sql, params object[] values) =>
        await Command(connection, sql, values).ExecuteNonQueryAsync();

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, params object[] values) =>
        await Command(connection, sql, values).ExecuteScalarAsync();

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(until, "the stock change should have queued behind the other writer");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Another_households_listing_is_not_found_and_bad_input_names_the_fields()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        var listing = await (await lot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created);
        var stranger = await app.FarmAsync();
        await (await stranger.Household.GetAsync($"/api/v1/listings/{listing.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await stranger.Cooperative.PostJson($"/api/v1/listings/{listing.Id()}/price", new { priceVnd = 1 }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await stranger.Cooperative.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "x",
            priceVnd = 1,
            stock = 1,
            imageUrls = Array.Empty<string>(),
            marketplaces = new[] { "webhook" },
        })).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        await (await lot.Farm.Cooperative.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "",
            priceVnd = 0,
            stock = -1,
            imageUrls = new[] { "ftp://x" },
            marketplaces = Array.Empty<string>(),
        })).ExpectFieldErrors("title", "priceVnd", "stock", "imageUrls[0]", "marketplaces");
        await (await lot.Farm.Cooperative.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "x",
            priceVnd = 1,
            stock = 1,
            imageUrls = Array.Empty<string>(),
            marketplaces = new[] { "amazon" },
        })).ExpectFieldErrors("marketplaces[0]");
        (await (await lot.Farm.Household.GetAsync($"/api/v1/listings/{listing.Id()}")).Expect(HttpStatusCode.OK)).Id().Should().Be(listing.Id());
    }

    [Fact]
    public async Task An_order_lowers_stock_once_per_marketplace_order_id()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("shopee");
        await lot.Farm.LinkAsync("webhook");
        var listing = await (await lot.PublishAsync(10, "shopee", "webhook")).Expect(HttpStatusCode.Created);
        var shopee = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee" }));
        var lazada = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "lazada", label = "Lazada" }));
        var order = new { marketplace = "shopee", externalOrderId = "SP-2607-0001", listingId = listing.Id(), quantity = 3, totalVnd = 135000, orderedAt = "2026-07-01T02:00:00Z" };

        var first = await (await shopee.PostJson("/api/v1/marketplace/orders", order)).Expect(HttpStatusCode.Created);
        first["stockAfter"]!.GetValue<int>().Should().Be(7);
        var again = await (await shopee.PostJson("/api/v1/marketplace/orders", order)).Expect(HttpStatusCode.OK);
        again.Id().Should().Be(first.Id());
        (await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{listing.Id()}")).Expect(HttpStatusCode.OK))["stock"]!.GetValue<int>().Should().Be(7);

        await (await lazada.PostJson("/api/v1/marketplace/orders", order)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await lazada.PostJson("/api/v1/marketplace/orders", order with { marketplace = "lazada" }))
            .ExpectProblem(HttpStatusCode.Conflict, "listing-not-on-marketplace");
        await (await shopee.PostJson("/api/v1/marketplace/orders", order with { externalOrderId = "SP-2607-0002", quantity = 8 }))
            .ExpectProblem(HttpStatusCode.Conflict, "insufficient-stock");
        await (await lot.Farm.Cooperative.PostJson("/api/v1/marketplace/orders", order)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_sync_outcome_recorded_between_a_read_and_an_If_Match_write_does_not_make_it_stale()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        var published = await lot.PublishAsync(10, "webhook");
        published.StatusCode.Should().Be(HttpStatusCode.Created);
        var etag = published.ETag();
        var id = (await published.Body()).Id();

        // The test app has no webhook receiver: the push fails for good, an outcome appended to the listing's stream.
        var read = await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{id}");
        for (var i = 0; i < 200 && (await read.Body())["marketplaces"]![0]!["lastError"] is null; i++)
        {
            await Task.Delay(50);
            read = await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{id}");
        }

        var view = await read.Expect(HttpStatusCode.OK);
        view["marketplaces"]![0]!["lastError"].Should().NotBeNull("the sync outcome was recorded");
        read.ETag().Should().Be(etag, "a sync outcome is not a change of the listing");
        view["version"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(etag.Trim('"'));

        var price = await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{id}/price", new { priceVnd = 61000 }, ("If-Match", etag));
        price.StatusCode.Should().Be(HttpStatusCode.OK, await price.Content.ReadAsStringAsync());
        price.ETag().Should().NotBe(etag);

        // A seller's change does move it: the old version is now stale, and the problem names the current one.
        var stale = await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{id}/stock", new { stock = 5 }, ("If-Match", etag));
        (await stale.ExpectProblem(HttpStatusCode.PreconditionFailed, "version-mismatch"))["currentVersion"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(price.ETag().Trim('"'));
        (await (await lot.Farm.Cooperative.GetAsync($"/api/v1/listings/{id}")).Expect(HttpStatusCode.OK))["stock"]!.GetValue<int>().Should().Be(10);
    }
}
