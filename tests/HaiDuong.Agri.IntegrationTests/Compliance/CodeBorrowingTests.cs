using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Compliance;

/// <summary>The code-borrowing check: a coded area packs no more in a year than its hectares plausibly yield.</summary>
public sealed class CodeBorrowingTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static Task<HttpResponseMessage> PackAsync(Farm farm, string batchId, string? market, int unitCount, int netWeightGrams) =>
        farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn = "2026-06-04",
            unitCount,
            netWeightGrams,
            productName = "Vải thiều Thanh Hà loại 1",
            market,
        });

    [Fact]
    public async Task Packing_beyond_the_areas_plausible_yield_is_refused_for_export_and_flagged_for_domestic_at_its_boundary()
    {
        // The seeded area is 5,000 m² of vải thiều: 0.5 ha × 15,000 kg/ha = 7,500 kg a year.
        var (farm, auditor, _, _, _, _) = await CodeTests.CodedFarmAsync(app);
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 9000 })).Expect(HttpStatusCode.OK);

        var atTheLimit = await (await PackAsync(farm, batchId, "china", 3750, 2000)).Expect(HttpStatusCode.Created);
        atTheLimit["yieldFlag"].Should().BeNull();

        var problem = await (await PackAsync(farm, batchId, "china", 1, 1)).ExpectProblem(HttpStatusCode.Conflict, "code-borrowing-suspected");
        problem["plausibleKg"]!.GetValue<decimal>().Should().Be(7500m);
        problem["packedKg"]!.GetValue<decimal>().Should().Be(7500.001m);
        problem["detail"]!.GetValue<string>().Should().Contain("0.5 ha").And.Contain("china");

        var flagged = await (await PackAsync(farm, batchId, "domestic", 1, 1)).Expect(HttpStatusCode.Created);
        flagged["yieldFlag"]!["plausibleKg"]!.GetValue<decimal>().Should().Be(7500m);
        flagged["yieldFlag"]!["packedKg"]!.GetValue<decimal>().Should().Be(7500.001m);
        var alsoFlagged = await (await PackAsync(farm, batchId, null, 1, 1)).Expect(HttpStatusCode.Created);
        alsoFlagged["yieldFlag"].Should().NotBeNull();

        var check = await (await auditor.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/yield-check")).Expect(HttpStatusCode.OK);
        check["coded"]!.GetValue<bool>().Should().BeTrue();
        check["plausibleKgPerYear"]!.GetValue<decimal>().Should().Be(7500m);
        var year = check["years"]!.AsArray().Should().ContainSingle().Subject!;
        year["year"]!.GetValue<int>().Should().Be(2026);
        year["exceeded"]!.GetValue<bool>().Should().BeTrue();
        year["flaggedLots"]!.AsArray().Select(l => l!["lotId"]!.GetValue<string>()).Should().Equal(flagged.Id(), alsoFlagged.Id());

        await (await farm.Household.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/yield-check")).Expect(HttpStatusCode.OK);
        var stranger = await app.FarmAsync();
        await (await stranger.Household.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/yield-check")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_area_without_a_code_is_not_checked()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 9000 })).Expect(HttpStatusCode.OK);
        var lot = await (await PackAsync(farm, batchId, "domestic", 4000, 2000)).Expect(HttpStatusCode.Created);
        lot["yieldFlag"].Should().BeNull();
    }
}
