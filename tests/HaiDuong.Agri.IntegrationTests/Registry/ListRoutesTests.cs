using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Registry;

/// <summary>
/// The list routes the desk and the household app browse: scoped to the caller (a cooperative never sees another's members,
/// and naming another's id in a filter gives an empty page), paged within bounds, filtered, newest first.
/// </summary>
public sealed class ListRoutesTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string ThanhHa = "10507";
    private const string CamGiang = "10981";
    private static readonly string[] Collections = ["households", "batches", "lots", "listings"];
    private static Task<TwoCooperatives>? seeded;

    /// <summary>
    /// Cooperative A: An (Thanh Hà; trained, shop linked, a batch packed into a lot and listed) and Bình (Cẩm Giàng; a batch
    /// started only). Cooperative B: Cường (Thanh Hà; a batch packed into a lot, recalled, and listed before, then delisted).
    /// </summary>
    private sealed record TwoCooperatives(Farm An, Farm Binh, Farm Cuong, string AnLot, string AnListing, string CuongLot, string CuongListing);

    private Task<TwoCooperatives> SeasonAsync() => seeded ??= SeedAsync();

    private async Task<TwoCooperatives> SeedAsync()
    {
        var a = await app.CooperativeAsync("HTX A Thanh Hà");
        var b = await app.CooperativeAsync("HTX B Thanh Hà");
        var aKey = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = a, label = "HTX A" }));
        var bKey = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = b, label = "HTX B" }));
        var an = await MemberAsync(a, aKey, ThanhHa, "Nguyễn Văn An");
        var binh = await MemberAsync(a, aKey, CamGiang, "Trần Thị Bình");
        var cuong = await MemberAsync(b, bKey, ThanhHa, "Lê Văn Cường");

        await (await aKey.PostJson($"/api/v1/households/{an.HouseholdId}/training", new { course = "Bán hàng trên sàn", completedOn = "2026-06-01" }))
            .Expect(HttpStatusCode.OK);
        await an.LinkAsync("webhook");
        await cuong.LinkAsync("webhook");
        var anLot = await app.PackedLotAsync(farm: an);
        var anListing = (await (await anLot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created)).Id();
        await binh.Household.StartBatchAsync(binh.GrowingAreaId);
        var cuongLot = await app.PackedLotAsync(farm: cuong);
        var cuongListing = (await (await cuongLot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created)).Id();
        await (await bKey.PostJson($"/api/v1/lots/{cuongLot.LotId}/recall", new { reason = "Dư lượng vượt ngưỡng" })).Expect(HttpStatusCode.OK);
        return new TwoCooperatives(an, binh, cuong, anLot.LotId, anListing, cuongLot.LotId, cuongListing);
    }

    private async Task<Farm> MemberAsync(string cooperativeId, HttpClient cooperative, string communeCode, string name)
    {
        var householdId = (await (await cooperative.PostJson("/api/v1/households", new { name, phone = "0912345678", provinceCode = "31", communeCode }))
            .Expect(HttpStatusCode.Created)).Id();
        var areaId = (await (await cooperative.PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn " + name, crop = "vải thiều", areaM2 = 1000, communeCode }))
            .Expect(HttpStatusCode.Created)).Id();
        var household = app.As(await app.KeyAsync(new { role = "household", householdId, label = name }));
        return new Farm(cooperativeId, householdId, areaId, cooperative, household);
    }

    private static async Task<(List<string> Ids, JsonNode Page)> ListAsync(HttpClient client, string path)
    {
        var page = await (await client.GetAsync(path)).Expect(HttpStatusCode.OK);
        return ([.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())], page);
    }

    [Fact]
    public async Task A_cooperative_lists_its_own_members_records_and_never_another_cooperatives()
    {
        var s = await SeasonAsync();
        var (households, page) = await ListAsync(s.An.Cooperative, "/api/v1/households");
        households.Should().BeEquivalentTo([s.An.HouseholdId, s.Binh.HouseholdId]);
        (page["page"]!.GetValue<int>(), page["pageSize"]!.GetValue<int>(), page["total"]!.GetValue<long>()).Should().Be((1, 50, 2));

        (await ListAsync(s.An.Cooperative, "/api/v1/batches")).Ids.Should().HaveCount(2).And.NotContain((await ListAsync(s.Cuong.Cooperative, "/api/v1/batches")).Ids);
        (await ListAsync(s.An.Cooperative, "/api/v1/lots")).Ids.Should().Equal(s.AnLot);
        (await ListAsync(s.An.Cooperative, "/api/v1/listings")).Ids.Should().Equal(s.AnListing);
        (await ListAsync(s.Cuong.Cooperative, "/api/v1/households")).Ids.Should().Equal(s.Cuong.HouseholdId);
        (await ListAsync(s.Cuong.Cooperative, "/api/v1/lots")).Ids.Should().Equal(s.CuongLot);
        (await ListAsync(s.Cuong.Cooperative, "/api/v1/listings")).Ids.Should().Equal(s.CuongListing);

        // Naming another cooperative or one of its households only narrows the caller's own view: an empty page, as for an unknown id.
        foreach (var collection in Collections)
        {
            foreach (var filter in new[] { $"cooperativeId={s.Cuong.CooperativeId}", $"cooperativeId={Guid.NewGuid()}", $"householdId={s.Cuong.HouseholdId}" })
            {
                if (collection == "households" && filter.StartsWith("householdId", StringComparison.Ordinal))
                {
                    continue;
                }

                var (ids, empty) = await ListAsync(s.An.Cooperative, $"/api/v1/{collection}?{filter}");
                ids.Should().BeEmpty("{0}?{1} names another cooperative's records", collection, filter);
                empty["total"]!.GetValue<long>().Should().Be(0);
            }
        }

        // A household sees itself and its own records only.
        (await ListAsync(s.An.Household, "/api/v1/households")).Ids.Should().Equal(s.An.HouseholdId);
        (await ListAsync(s.An.Household, "/api/v1/lots")).Ids.Should().Equal(s.AnLot);
        (await ListAsync(s.Binh.Household, "/api/v1/listings")).Ids.Should().BeEmpty();
        (await ListAsync(s.Binh.Household, $"/api/v1/batches?householdId={s.An.HouseholdId}")).Ids.Should().BeEmpty();

        // An admin sees everyone's, and filters by cooperative.
        (await ListAsync(app.Admin(), $"/api/v1/households?cooperativeId={s.Cuong.CooperativeId}")).Ids.Should().Equal(s.Cuong.HouseholdId);
        (await ListAsync(app.Admin(), "/api/v1/listings?pageSize=200")).Ids.Should().Contain([s.AnListing, s.CuongListing]);
    }

    [Fact]
    public async Task Cooperatives_are_listed_to_an_admin_and_each_cooperative_sees_itself()
    {
        var s = await SeasonAsync();
        (await ListAsync(app.Admin(), "/api/v1/cooperatives?pageSize=200")).Ids.Should().Contain([s.An.CooperativeId, s.Cuong.CooperativeId]);
        (await ListAsync(s.An.Cooperative, "/api/v1/cooperatives")).Ids.Should().Equal(s.An.CooperativeId);
        (await ListAsync(app.Admin(), "/api/v1/cooperatives?communeCode=99999")).Ids.Should().BeEmpty();
        (await ListAsync(app.Admin(), "/api/v1/cooperatives?communeCode=11059&from=2026-07-01&to=2026-07-01&pageSize=200")).Ids.Should().Contain(s.An.CooperativeId);
        await (await s.An.Household.GetAsync("/api/v1/cooperatives")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var official = app.As(await app.KeyAsync(new { role = "official", label = "IOC" }));
        foreach (var collection in Collections.Append("cooperatives"))
        {
            await (await official.GetAsync($"/api/v1/{collection}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task Filters_narrow_by_commune_status_stage_and_date()
    {
        var s = await SeasonAsync();
        var admin = app.Admin();
        var a = s.An.CooperativeId;

        (await ListAsync(s.An.Cooperative, $"/api/v1/households?communeCode={ThanhHa}")).Ids.Should().Equal(s.An.HouseholdId);
        (await ListAsync(s.An.Cooperative, $"/api/v1/batches?communeCode={CamGiang}")).Ids.Should().ContainSingle();
        (await ListAsync(admin, $"/api/v1/lots?communeCode={ThanhHa}&pageSize=200")).Ids.Should().Contain([s.AnLot, s.CuongLot]);
        (await ListAsync(admin, $"/api/v1/lots?communeCode={CamGiang}&pageSize=200")).Ids.Should().NotContain([s.AnLot, s.CuongLot]);
        (await ListAsync(s.Cuong.Cooperative, $"/api/v1/listings?communeCode={CamGiang}")).Ids.Should().BeEmpty();
        (await ListAsync(s.An.Cooperative, "/api/v1/households?communeCode=")).Ids.Should().HaveCount(2, "an empty filter is no filter");

        // The onboarding stage is the furthest milestone: An listed (never sold), Bình registered only.
        (await ListAsync(s.An.Cooperative, "/api/v1/households?stage=listed")).Ids.Should().Equal(s.An.HouseholdId);
        (await ListAsync(s.An.Cooperative, "/api/v1/households?stage=registered")).Ids.Should().Equal(s.Binh.HouseholdId);
        (await ListAsync(s.An.Cooperative, "/api/v1/households?stage=trained")).Ids.Should().BeEmpty();

        var batches = (await (await s.An.Cooperative.GetAsync("/api/v1/batches?status=started")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        batches.Should().ContainSingle();
        batches[0]!["householdId"]!.GetValue<string>().Should().Be(s.Binh.HouseholdId);
        batches[0]!["householdName"]!.GetValue<string>().Should().Be("Trần Thị Bình");
        batches[0]!["status"]!.GetValue<string>().Should().Be("started");
        (await ListAsync(s.An.Cooperative, "/api/v1/batches?status=harvesting")).Ids.Should().ContainSingle();

        // Ready to pack: An's harvest (900 kg, 200 kg packed); Bình's batch has nothing harvested.
        var ready = (await (await s.An.Cooperative.GetAsync("/api/v1/batches?readyToPack=true")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        ready.Should().ContainSingle();
        (ready[0]!["householdId"]!.GetValue<string>(), ready[0]!["harvestedKg"]!.GetValue<decimal>(), ready[0]!["packedKg"]!.GetValue<decimal>())
            .Should().Be((s.An.HouseholdId, 900m, 200m));
        var notReady = (await (await s.An.Cooperative.GetAsync("/api/v1/batches?readyToPack=false")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        notReady.Select(b => b!["householdId"]!.GetValue<string>()).Should().Equal(s.Binh.HouseholdId);
        (await ListAsync(admin, $"/api/v1/batches?readyToPack=true&cooperativeId={s.Cuong.CooperativeId}")).Ids.Should().ContainSingle("Cường's harvest is packed in part too");

        (await ListAsync(admin, $"/api/v1/lots?cooperativeId={s.Cuong.CooperativeId}&status=recalled")).Ids.Should().Equal(s.CuongLot);
        (await ListAsync(admin, $"/api/v1/lots?cooperativeId={s.Cuong.CooperativeId}&status=active")).Ids.Should().BeEmpty();
        var lot = (await (await s.An.Cooperative.GetAsync("/api/v1/lots?status=active")).Expect(HttpStatusCode.OK))["items"]![0]!;
        (lot["id"]!.GetValue<string>(), lot["status"]!.GetValue<string>(), lot["packedOn"]!.GetValue<string>()).Should().Be((s.AnLot, "active", "2026-06-04"));
        lot["householdName"]!.GetValue<string>().Should().Be("Nguyễn Văn An");
        lot["digitalLink"]!.GetValue<string>().Should().StartWith(AgriApp.PublicBaseUrl + "/01/08931234567897/10/");

        // The recall delisted Cường's listing.
        (await ListAsync(s.Cuong.Household, "/api/v1/listings?status=delisted")).Ids.Should().Equal(s.CuongListing);
        (await ListAsync(s.An.Household, "/api/v1/listings?status=active")).Ids.Should().Equal(s.AnListing);
        var listing = (await (await s.An.Household.GetAsync("/api/v1/listings")).Expect(HttpStatusCode.OK))["items"]![0]!;
        listing["marketplaces"]![0]!["marketplace"]!.GetValue<string>().Should().Be("webhook");

        // Dates are the natural date of each record (registered, started, packed, published), both ends included.
        (await ListAsync(s.An.Cooperative, "/api/v1/households?from=2026-07-01&to=2026-07-01")).Ids.Should().HaveCount(2);
        (await ListAsync(s.An.Cooperative, "/api/v1/households?from=2026-07-02")).Ids.Should().BeEmpty();
        (await ListAsync(s.An.Cooperative, "/api/v1/batches?to=2026-06-30")).Ids.Should().BeEmpty();
        (await ListAsync(s.An.Cooperative, "/api/v1/lots?from=2026-06-04&to=2026-06-04")).Ids.Should().Equal(s.AnLot);
        (await ListAsync(s.An.Cooperative, "/api/v1/lots?from=2026-06-05")).Ids.Should().BeEmpty();
        (await ListAsync(s.An.Cooperative, "/api/v1/listings?from=2026-07-01")).Ids.Should().Equal(s.AnListing);
        (await ListAsync(admin, $"/api/v1/households?cooperativeId={a}&stage=listed&communeCode={ThanhHa}&from=2026-06-01")).Ids.Should().Equal(s.An.HouseholdId);

        await (await admin.GetAsync("/api/v1/households?stage=buying")).ExpectFieldErrors("stage");
        await (await admin.GetAsync("/api/v1/batches?status=growing")).ExpectFieldErrors("status");
        await (await admin.GetAsync("/api/v1/lots?from=2026-02-30")).ExpectFieldErrors("from");
        await (await admin.GetAsync("/api/v1/listings?from=2026-07-02&to=2026-07-01")).ExpectFieldErrors("from");
        await (await admin.GetAsync("/api/v1/cooperatives?communeCode=thanh-ha")).ExpectFieldErrors("communeCode");
        await (await admin.GetAsync("/api/v1/batches?householdId=not-a-guid")).ExpectFieldErrors("householdId");
        await (await admin.GetAsync("/api/v1/batches?readyToPack=soon")).ExpectFieldErrors("readyToPack");
    }

    [Fact]
    public async Task Pages_are_newest_first_within_bounds()
    {
        var s = await SeasonAsync();
        var first = await (await s.An.Cooperative.GetAsync("/api/v1/households?pageSize=1")).Expect(HttpStatusCode.OK);
        var second = await (await s.An.Cooperative.GetAsync("/api/v1/households?pageSize=1&page=2")).Expect(HttpStatusCode.OK);
        var beyond = await (await s.An.Cooperative.GetAsync("/api/v1/households?pageSize=1&page=3")).Expect(HttpStatusCode.OK);
        first["items"]![0]!["id"]!.GetValue<string>().Should().Be(s.Binh.HouseholdId, "Bình was registered after An");
        second["items"]![0]!["id"]!.GetValue<string>().Should().Be(s.An.HouseholdId);
        (first["total"]!.GetValue<long>(), second["page"]!.GetValue<int>(), second["pageSize"]!.GetValue<int>()).Should().Be((2, 2, 1));
        beyond["items"]!.AsArray().Should().BeEmpty();
        beyond["total"]!.GetValue<long>().Should().Be(2);

        foreach (var collection in Collections.Append("cooperatives"))
        {
            await (await app.Admin().GetAsync($"/api/v1/{collection}?pageSize=201")).ExpectFieldErrors("pageSize");
            await (await app.Admin().GetAsync($"/api/v1/{collection}?pageSize=0")).ExpectFieldErrors("pageSize");
            await (await app.Admin().GetAsync($"/api/v1/{collection}?page=0")).ExpectFieldErrors("page");
            await (await app.Admin().GetAsync($"/api/v1/{collection}?page=x")).ExpectFieldErrors("page");
            (await (await app.Admin().GetAsync($"/api/v1/{collection}?pageSize=200")).Expect(HttpStatusCode.OK))["pageSize"]!.GetValue<int>().Should().Be(200);
        }
    }

    [Fact]
    public async Task A_query_parameter_the_route_does_not_take_is_refused_naming_it()
    {
        var s = await SeasonAsync();
        foreach (var collection in Collections.Append("cooperatives"))
        {
            var problem = await (await s.An.Cooperative.GetAsync($"/api/v1/{collection}?comuneCode={ThanhHa}"))
                .ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
            problem["errors"]!.AsObject().Select(e => e.Key).Should().Equal("comuneCode");
            problem["detail"]!.GetValue<string>().Should().Contain("communeCode").And.Contain("pageSize");
        }

        // Query names are matched as the route binds them: without regard to case.
        (await ListAsync(s.An.Cooperative, "/api/v1/households?PageSize=1")).Page["pageSize"]!.GetValue<int>().Should().Be(1);

        // Refused only once the caller may call the route.
        await (await app.Anonymous().GetAsync("/api/v1/households?comuneCode=1")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
