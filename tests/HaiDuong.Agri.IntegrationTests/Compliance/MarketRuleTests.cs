using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Compliance;

/// <summary>Market rules as data: the spray interval, banned active ingredients and required spray record fields, checked when a lot is packed for a market.</summary>
public sealed class MarketRuleTests(AgriApp app) : IClassFixture<AgriApp>
{
    /// <summary>A batch of the farm with these pesticide records and a harvest of 850 kg on 2026-06-03.</summary>
    private static async Task<string> BatchAsync(Farm farm, params object[] sprays)
    {
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        foreach (var spray in sprays)
        {
            await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", spray)).Expect(HttpStatusCode.OK);
        }

        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850 })).Expect(HttpStatusCode.OK);
        return batchId;
    }

    private static object Spray(string appliedOn, string productName = "Emamectin 5WG", string? activeIngredient = "Emamectin benzoate", string? @operator = "Nguyễn Văn An") =>
        new { kind = "pesticide", productName, activeIngredient, dose = 15, unit = "g/bình 16 lít", appliedOn, preHarvestIntervalDays = 7, @operator, reason = "Phòng sâu" };

    [Fact]
    public async Task The_rules_are_data_each_market_its_own()
    {
        var china = await (await app.Admin().GetAsync("/api/v1/markets/china/rules")).Expect(HttpStatusCode.OK);
        china["market"]!.GetValue<string>().Should().Be("china");
        china["minimumDaysFromLastSprayToHarvest"]!.GetValue<int>().Should().Be(35);
        china["requiredSprayFields"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain(["productName", "activeIngredient", "dose", "appliedOn"]);
        var eu = await (await app.Admin().GetAsync("/api/v1/markets/EU/rules")).Expect(HttpStatusCode.OK);
        eu["bannedActiveIngredients"]!.AsArray().Select(b => b!["activeIngredient"]!.GetValue<string>()).Should().Contain("Mancozeb");
        await (await app.Admin().GetAsync("/api/v1/markets/mars/rules")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_spray_closer_to_harvest_than_the_market_allows_is_refused_and_the_boundary_day_is_not()
    {
        var (farm, _, _, _, _, _) = await CodeTests.CodedFarmAsync(app);

        // 2026-04-29 → 2026-06-03 is 35 days: China's minimum, allowed.
        var kept = await BatchAsync(farm, Spray("2026-04-29"));
        await (await CodeTests.PackAsync(farm, kept, "china")).Expect(HttpStatusCode.Created);

        // 2026-04-30 is 34 days: refused for China, naming the step; the domestic market's rules allow it.
        var close = await BatchAsync(farm, Spray("2026-04-30", "Sherpa 25EC", "Cypermethrin"));
        var problem = await (await CodeTests.PackAsync(farm, close, "china")).ExpectProblem(HttpStatusCode.Conflict, "market-rules-broken");
        var offence = problem["offences"]!.AsArray().Should().ContainSingle().Subject!;
        offence["rule"]!.GetValue<string>().Should().Be("spray-interval");
        offence["productName"]!.GetValue<string>().Should().Be("Sherpa 25EC");
        offence["appliedOn"]!.GetValue<string>().Should().Be("2026-04-30");
        offence["message"]!.GetValue<string>().Should().Contain("34 days").And.Contain("at least 35");
        problem["detail"]!.GetValue<string>().Should().Contain("Sherpa 25EC");
        await (await CodeTests.PackAsync(farm, close, "domestic")).Expect(HttpStatusCode.Created);
        await (await CodeTests.PackAsync(farm, close, null)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_banned_ingredient_and_a_missing_field_are_each_named_with_their_step()
    {
        var (farm, _, _, _, _, _) = await CodeTests.CodedFarmAsync(app);
        var batchId = await BatchAsync(
            farm,
            Spray("2026-03-01", "Regent 800WG", "Fipronil"),
            Spray("2026-03-10", "Ridomil Gold 68WG", "Metalaxyl-M + Mancozeb", @operator: null),
            Spray("2026-03-20", "Thuốc không rõ hoạt chất", activeIngredient: null));

        var problem = await (await CodeTests.PackAsync(farm, batchId, "china")).ExpectProblem(HttpStatusCode.Conflict, "market-rules-broken");
        problem["offences"]!.AsArray().Select(o => $"{o!["productName"]!.GetValue<string>()}: {o["rule"]!.GetValue<string>()}").Should().Equal(
            "Regent 800WG: banned-ingredient", "Thuốc không rõ hoạt chất: missing-field");
        problem["offences"]![1]!["message"]!.GetValue<string>().Should().Contain("activeIngredient");

        // Fipronil is banned at home too; the domestic rules do not ask for the active ingredient.
        var home = await (await CodeTests.PackAsync(farm, batchId, "domestic")).ExpectProblem(HttpStatusCode.Conflict, "market-rules-broken");
        home["offences"]!.AsArray().Select(o => o!["rule"]!.GetValue<string>()).Should().Equal("banned-ingredient");
    }

    [Fact]
    public async Task An_auditors_recorded_reason_overrides_the_rules_for_that_batch_and_market_only()
    {
        var (farm, auditor, _, _, _, _) = await CodeTests.CodedFarmAsync(app);
        var batchId = await BatchAsync(farm, Spray("2026-05-20"));
        await (await CodeTests.PackAsync(farm, batchId, "china")).ExpectProblem(HttpStatusCode.Conflict, "market-rules-broken");

        await (await farm.Cooperative.PostJson($"/api/v1/batches/{batchId}/market-rule-overrides", new { market = "china", reason = "tự cho phép" }))
            .Expect(HttpStatusCode.Forbidden);
        await (await auditor.PostJson($"/api/v1/batches/{batchId}/market-rule-overrides", new { market = "china" })).ExpectFieldErrors("reason");
        await (await auditor.PostJson($"/api/v1/batches/{Guid.NewGuid()}/market-rule-overrides", new { market = "china", reason = "x" })).Expect(HttpStatusCode.NotFound);
        var recorded = await (await auditor.PostJson($"/api/v1/batches/{batchId}/market-rule-overrides", new
        {
            market = "CN",
            reason = "Mẫu kiểm nghiệm dư lượng ngày 02/06/2026 đạt MRL của Trung Quốc (phiếu KN-2026-118)",
        })).Expect(HttpStatusCode.Created);
        recorded["market"]!.GetValue<string>().Should().Be("china");
        recorded["by"]!["role"]!.GetValue<string>().Should().Be("auditor");

        var lot = await (await CodeTests.PackAsync(farm, batchId, "china")).Expect(HttpStatusCode.Created);
        lot["ruleOverride"]!["reason"]!.GetValue<string>().Should().Contain("KN-2026-118");
        lot["ruleOverride"]!["by"]!["role"]!.GetValue<string>().Should().Be("auditor");
        lot["ruleOverride"]!["offences"]![0]!["rule"]!.GetValue<string>().Should().Be("spray-interval");

        // Another batch of the same farm gets nothing from it.
        var other = await BatchAsync(farm, Spray("2026-05-21"));
        await (await CodeTests.PackAsync(farm, other, "china")).ExpectProblem(HttpStatusCode.Conflict, "market-rules-broken");
    }
}
