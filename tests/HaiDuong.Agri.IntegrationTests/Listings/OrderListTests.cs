using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Listings;

/// <summary>
/// <c>GET /api/v1/orders</c> and <c>GET /api/v1/marketplace/orders</c> (the same list) and <c>/marketplace/orders/{id}</c>: every
/// marketplace's orders, newest first, scoped as the other lists are.
/// </summary>
public sealed class OrderListTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task A_cooperative_sees_its_members_orders_newest_first_and_no_one_elses()
    {
        var postmart = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var home = await ListedAsync();
        var other = await ListedAsync();
        await OrderAsync(postmart, home.ListingId, "PM-1001", 2, "2026-06-20T02:00:00Z");
        await OrderAsync(postmart, home.ListingId, "PM-1002", 1, "2026-06-25T09:30:00Z");
        await OrderAsync(postmart, other.ListingId, "PM-2001", 3, "2026-06-26T09:30:00Z");

        var page = await (await home.Lot.Farm.Cooperative.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK);
        page["total"]!.GetValue<int>().Should().Be(2);
        page["page"]!.GetValue<int>().Should().Be(1);
        page["pageSize"]!.GetValue<int>().Should().Be(50);
        var items = page["items"]!.AsArray();
        items.Select(o => o!["externalOrderId"]!.GetValue<string>()).Should().Equal("PM-1002", "PM-1001");
        items[0]!["marketplace"]!.GetValue<string>().Should().Be("webhook");
        items[0]!["listingId"]!.GetValue<string>().Should().Be(home.ListingId);
        items[0]!["listingTitle"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        items[0]!["cooperativeId"]!.GetValue<string>().Should().Be(home.Lot.Farm.CooperativeId);
        items[0]!["householdId"]!.GetValue<string>().Should().Be(home.Lot.Farm.HouseholdId);
        items[0]!["totalVnd"]!.GetValue<long>().Should().Be(45000);
        items[0]!["orderedAt"]!.GetValue<string>().Should().Be("2026-06-25T09:30:00Z");

        var household = await (await home.Lot.Farm.Household.GetAsync("/api/v1/orders?pageSize=1&page=2")).Expect(HttpStatusCode.OK);
        household["total"]!.GetValue<int>().Should().Be(2);
        household["items"]!.AsArray().Single()!["externalOrderId"]!.GetValue<string>().Should().Be("PM-1001");

        (await (await home.Lot.Farm.Cooperative.GetAsync("/api/v1/orders?marketplace=webhook")).Expect(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(2);
        (await (await home.Lot.Farm.Cooperative.GetAsync("/api/v1/orders?marketplace=shopee")).Expect(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
        (await (await other.Lot.Farm.Cooperative.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(o => o!["externalOrderId"]!.GetValue<string>()).Should().Equal("PM-2001");
        var all = await (await app.Admin().GetAsync("/api/v1/orders?pageSize=200")).Expect(HttpStatusCode.OK);
        all["items"]!.AsArray().Select(o => o!["externalOrderId"]!.GetValue<string>()).Should().Contain(["PM-1001", "PM-1002", "PM-2001"]);
    }

    [Fact]
    public async Task Orders_read_back_by_listing_and_date_and_one_at_a_time_by_whoever_sees_them()
    {
        var postmart = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var home = await ListedAsync();
        var second = await (await home.Lot.PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        var other = await ListedAsync();
        await OrderAsync(postmart, home.ListingId, "PM-3001", 1, "2026-06-19T16:59:00Z"); // 23:59 on 19 June in Việt Nam
        await OrderAsync(postmart, home.ListingId, "PM-3002", 1, "2026-06-19T17:00:00Z"); // 00:00 on 20 June
        await OrderAsync(postmart, second.Id(), "PM-3003", 2, "2026-06-21T03:00:00Z");
        await OrderAsync(postmart, other.ListingId, "PM-3004", 1, "2026-06-20T03:00:00Z");

        var cooperative = home.Lot.Farm.Cooperative;
        static IEnumerable<string> Ids(System.Text.Json.Nodes.JsonNode page) => page["items"]!.AsArray().Select(o => o!["externalOrderId"]!.GetValue<string>());
        Ids(await (await cooperative.GetAsync($"/api/v1/marketplace/orders?listingId={home.ListingId}")).Expect(HttpStatusCode.OK)).Should().Equal("PM-3002", "PM-3001");
        Ids(await (await cooperative.GetAsync("/api/v1/marketplace/orders?from=2026-06-20&to=2026-06-20")).Expect(HttpStatusCode.OK)).Should().Equal("PM-3002");
        Ids(await (await cooperative.GetAsync("/api/v1/marketplace/orders?to=2026-06-19")).Expect(HttpStatusCode.OK)).Should().Equal("PM-3001");
        Ids(await (await cooperative.GetAsync($"/api/v1/marketplace/orders?listingId={second.Id()}&marketplace=webhook&from=2026-06-21")).Expect(HttpStatusCode.OK))
            .Should().Equal("PM-3003");
        Ids(await (await cooperative.GetAsync($"/api/v1/orders?listingId={other.ListingId}")).Expect(HttpStatusCode.OK)).Should().BeEmpty("another cooperative's listing");

        var listed = await (await cooperative.GetAsync("/api/v1/marketplace/orders?from=2026-06-21")).Expect(HttpStatusCode.OK);
        var id = listed["items"]![0]!["id"]!.GetValue<string>();
        var order = await (await home.Lot.Farm.Household.GetAsync($"/api/v1/marketplace/orders/{id}")).Expect(HttpStatusCode.OK);
        (order["externalOrderId"]!.GetValue<string>(), order["quantity"]!.GetValue<int>(), order["listingId"]!.GetValue<string>()).Should().Be(("PM-3003", 2, second.Id()));
        (await (await app.Admin().GetAsync($"/api/v1/marketplace/orders/{id}")).Expect(HttpStatusCode.OK))["id"]!.GetValue<string>().Should().Be(id);
        await (await other.Lot.Farm.Cooperative.GetAsync($"/api/v1/marketplace/orders/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Lot.Farm.Household.GetAsync($"/api/v1/marketplace/orders/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await cooperative.GetAsync($"/api/v1/marketplace/orders/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await postmart.GetAsync($"/api/v1/marketplace/orders/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await cooperative.GetAsync("/api/v1/marketplace/orders?from=2026-06-31")).ExpectFieldErrors("from");
        await (await cooperative.GetAsync("/api/v1/marketplace/orders?from=2026-06-22&to=2026-06-21")).ExpectFieldErrors("from");
        await (await cooperative.GetAsync("/api/v1/marketplace/orders?listingId=PM-3003")).ExpectFieldErrors("listingId");
    }

    [Fact]
    public async Task Bad_filters_name_their_parameter_and_other_roles_are_refused()
    {
        var farm = await app.FarmAsync();
        (await (await farm.Cooperative.GetAsync("/api/v1/orders?marketplace=ebay")).ExpectFieldErrors("marketplace"))["type"]!.GetValue<string>()
            .Should().EndWith(":validation");
        await (await farm.Cooperative.GetAsync("/api/v1/orders?pageSize=0")).ExpectFieldErrors("pageSize");
        await (await farm.Cooperative.GetAsync("/api/v1/orders?page=x")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        await (await farm.Cooperative.GetAsync("/api/v1/orders?shop=1")).ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
        await (await app.Anonymous().GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var official = app.As(await app.KeyAsync(new { role = "official", label = "Sở" }));
        await (await official.GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var shopee = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee" }));
        await (await shopee.GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    private sealed record Listed(PackedLot Lot, string ListingId);

    private async Task<Listed> ListedAsync()
    {
        var lot = await app.PackedLotAsync(100);
        await lot.Farm.LinkAsync("webhook");
        var listing = await (await lot.PublishAsync(20, "webhook")).Expect(HttpStatusCode.Created);
        return new Listed(lot, listing.Id());
    }

    private static async Task OrderAsync(HttpClient marketplace, string listingId, string externalOrderId, int quantity, string orderedAt) =>
        await (await marketplace.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "webhook",
            externalOrderId,
            listingId,
            quantity,
            totalVnd = 45000,
            orderedAt,
        })).Expect(HttpStatusCode.Created);
}
