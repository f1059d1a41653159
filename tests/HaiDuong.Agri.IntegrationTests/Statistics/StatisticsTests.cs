using System.Net;
using System.Text.Json.Nodes;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;

namespace HaiDuong.Agri.IntegrationTests.Statistics;

public sealed class StatisticsTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string ThanhHa = "10507";
    private const string CamGiang = "10981";

    private async Task<Farm> HouseholdInAsync(string cooperativeId, HttpClient cooperative, string communeCode, string name)
    {
        var householdId = (await (await app.Admin().PostJson("/api/v1/households", new
        {
            name,
            phone = "0912345678",
            provinceCode = "31",
            communeCode,
            cooperativeId,
            formerDistrict = communeCode == ThanhHa ? "Thanh Hà" : "Cẩm Giàng",
        })).Expect(HttpStatusCode.Created)).Id();
        var areaId = await app.GrowingAreaAsync(householdId);
        var household = app.As(await app.KeyAsync(new { role = "household", householdId, label = name }));
        return new Farm(cooperativeId, householdId, areaId, cooperative, household);
    }

    private static Task<HttpResponseMessage> TrainAsync(HttpClient client, Farm farm, string completedOn) =>
        client.PostJson($"/api/v1/households/{farm.HouseholdId}/training", new { course = "Kỹ năng số cho nông dân — bán hàng trên sàn TMĐT", completedOn });

    [Fact]
    public async Task Statistics_after_a_season_in_two_communes_count_each_milestone_sale_and_listing_exactly()
    {
        var cooperativeId = await app.CooperativeAsync("HTX Nông sản Hải Dương");
        var cooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX" }));
        var an = await HouseholdInAsync(cooperativeId, cooperative, ThanhHa, "Nguyễn Văn An");
        var binh = await HouseholdInAsync(cooperativeId, cooperative, ThanhHa, "Trần Thị Bình");
        await HouseholdInAsync(cooperativeId, cooperative, ThanhHa, "Lê Văn Cường");
        var dung = await HouseholdInAsync(cooperativeId, cooperative, CamGiang, "Phạm Thị Dung");

        // An: trained, linked, listed twice (one delisted), sold twice. Bình: trained twice (counted once). Cường: registered only.
        // Dung: linked and listed without any training, no sale.
        await (await TrainAsync(cooperative, an, "2026-03-02")).Expect(HttpStatusCode.OK);
        await (await TrainAsync(cooperative, binh, "2026-03-02")).Expect(HttpStatusCode.OK);
        await (await TrainAsync(app.Admin(), binh, "2026-04-10")).Expect(HttpStatusCode.OK);
        await an.LinkAsync("webhook");
        await dung.LinkAsync("webhook");
        var anLot = await app.PackedLotAsync(farm: an);
        var listing = await (await anLot.PublishAsync(20, "webhook")).Expect(HttpStatusCode.Created);
        var second = await (await anLot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created);
        await (await an.Cooperative.PostJson($"/api/v1/listings/{second.Id()}/delist", new { })).Expect(HttpStatusCode.OK);
        var dungLot = await app.PackedLotAsync(farm: dung);
        await (await dungLot.PublishAsync(7, "webhook")).Expect(HttpStatusCode.Created);
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        foreach (var (orderId, quantity, total, answer) in new[]
        {
            ("PM-1", 2, 240_000L, HttpStatusCode.Created), ("PM-2", 1, 120_000L, HttpStatusCode.Created), ("PM-1", 2, 240_000L, HttpStatusCode.OK),
        })
        {
            await (await partner.PostJson("/api/v1/marketplace/orders", new
            {
                marketplace = "webhook",
                externalOrderId = orderId,
                listingId = listing.Id(),
                quantity,
                totalVnd = total,
                orderedAt = "2026-06-20T02:00:00Z",
            })).Expect(answer);
        }

        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var stats = await (await app.Admin().GetAsync("/api/v1/stats")).Expect(HttpStatusCode.OK);
        var thanhHa = Commune(stats, ThanhHa);
        Counts(thanhHa["households"]!).Should().Equal(3, 2, 1, 1, 1);
        thanhHa["products"]!["listed"]!.GetValue<long>().Should().Be(1);
        thanhHa["transactions"]!["count"]!.GetValue<long>().Should().Be(2);
        thanhHa["transactions"]!["totalVnd"]!.GetValue<long>().Should().Be(360_000);
        thanhHa["transactions"]!["byMarketplace"]!["webhook"]!["count"]!.GetValue<long>().Should().Be(2);
        var camGiang = Commune(stats, CamGiang);
        Counts(camGiang["households"]!).Should().Equal(1, 0, 1, 1, 0);
        camGiang["products"]!["listed"]!.GetValue<long>().Should().Be(1);
        camGiang["transactions"]!["count"]!.GetValue<long>().Should().Be(0);

        // The province line is the sum over every commune (other tests of this class add households elsewhere).
        var communes = stats["byCommune"]!.AsArray();
        stats["households"]!["registered"]!.GetValue<long>().Should().Be(communes.Sum(c => c!["households"]!["registered"]!.GetValue<long>()));
        stats["transactions"]!["totalVnd"]!.GetValue<long>().Should().Be(communes.Sum(c => c!["transactions"]!["totalVnd"]!.GetValue<long>()));

        var filtered = await (await app.Admin().GetAsync($"/api/v1/stats?communeCode={CamGiang}")).Expect(HttpStatusCode.OK);
        filtered["byCommune"]!.AsArray().Should().ContainSingle();
        Counts(filtered["households"]!).Should().Equal(1, 0, 1, 1, 0);
        await (await app.Admin().GetAsync("/api/v1/stats?communeCode=thanh-ha")).ExpectFieldErrors("communeCode");
        (await (await app.Admin().GetAsync("/api/v1/stats?communeCode=")).Expect(HttpStatusCode.OK))["byCommune"]!.AsArray().Count.Should().Be(communes.Count);

        var csv = await app.Admin().GetAsync("/api/v1/stats/communes.csv?lang=en");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        using var reader = CsvReader.FromText(await csv.Content.ReadAsStringAsync(), new CsvReaderOptions { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(h => h, reader.GetString));
        }

        var row = rows.Single(r => r["Commune code"] == ThanhHa);
        (row["Households registered"], row["Households trained"], row["Households selling"], row["Transaction value (VND)"], row["Webhook transactions"])
            .Should().Be(("3", "2", "1", "360000", "2"));
    }

    [Fact]
    public async Task Onboarding_reaches_milestones_in_any_order_and_the_stage_is_the_furthest()
    {
        var farm = await app.FarmAsync();
        var path = $"/api/v1/households/{farm.HouseholdId}/onboarding";
        var fresh = await (await farm.Household.GetAsync(path)).Expect(HttpStatusCode.OK);
        fresh["stage"]!.GetValue<string>().Should().Be("registered");
        fresh["registered"]!.GetValue<string>().Should().Be("2026-07-01");

        await farm.LinkAsync("webhook");
        var lot = await app.PackedLotAsync(farm: farm);
        await (await lot.PublishAsync(3, "webhook")).Expect(HttpStatusCode.Created);
        var listed = await (await farm.Household.GetAsync(path)).Expect(HttpStatusCode.OK);
        listed["stage"]!.GetValue<string>().Should().Be("listed");
        listed["trained"].Should().BeNull();
        listed["accountLinked"]!.GetValue<string>().Should().Be("2026-07-01");

        var trained = await (await TrainAsync(farm.Cooperative, farm, "2026-06-30")).Expect(HttpStatusCode.OK);
        trained["stage"]!.GetValue<string>().Should().Be("listed");
        trained["trained"]!.GetValue<string>().Should().Be("2026-06-30");

        await (await TrainAsync(farm.Household, farm, "2026-06-30")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await farm.Cooperative.PostJson(
                $"/api/v1/households/{farm.HouseholdId}/training", new { course = "Livestream", completedOn = "2026-06-30" }, ("If-Match", "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version-mismatch");
        var stranger = await app.FarmAsync();
        await (await stranger.Household.GetAsync(path)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await TrainAsync(stranger.Cooperative, farm, "2026-06-30")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await TrainAsync(farm.Cooperative, farm, "2026-12-30")).ExpectFieldErrors("completedOn");
        (await farm.Cooperative.GetAsync("/api/v1/stats")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await farm.Household.GetAsync("/api/v1/stats/communes.csv")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static JsonNode Commune(JsonNode stats, string code) =>
        stats["byCommune"]!.AsArray().Single(c => c!["communeCode"]!.GetValue<string>() == code)!;

    private static long[] Counts(JsonNode households) =>
        [.. new[] { "registered", "trained", "withMarketplaceAccount", "withListings", "selling" }.Select(k => households[k]!.GetValue<long>())];
}
