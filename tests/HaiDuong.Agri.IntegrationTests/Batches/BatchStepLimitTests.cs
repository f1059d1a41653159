using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Batches;

/// <summary>The app with batches of at most 3 field steps (Agri:Batches:MaxSteps; 5,000 by default).</summary>
public sealed class SmallBatchesApp : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        Set("Agri:Batches:MaxSteps", "3");
        return base.DatabaseAsync();
    }
}

public sealed class BatchStepLimitTests(SmallBatchesApp app) : IClassFixture<SmallBatchesApp>
{
    [Fact]
    public async Task A_batch_takes_no_more_steps_than_the_configured_limit_and_the_problem_names_it()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "irrigation", occurredAt = "2026-06-01T01:00:00Z" }))
            .Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 100 }))
            .Expect(HttpStatusCode.OK);

        var refused = await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "pruning", occurredAt = "2026-06-04T01:00:00Z" }))
            .ExpectProblem(HttpStatusCode.Conflict, "batch-step-limit");
        refused["maxSteps"]!.GetValue<int>().Should().Be(3);
        refused["detail"]!.GetValue<string>().Should().Contain("at most 3 field steps");

        var bulk = await (await farm.Household.PostJson($"/api/v1/batches/{id}/steps:bulk", new
        {
            steps = new object[] { new { type = "activity", kind = "weeding", occurredAt = "2026-06-05T01:00:00Z", clientStepId = "late-1" } },
        })).Expect(HttpStatusCode.OK);
        bulk["rejected"]!.GetValue<int>().Should().Be(1);
        bulk["results"]![0]!["problem"]!["type"]!.GetValue<string>().Should().Be("urn:haiduong-agri:problem:batch-step-limit");

        var batch = await (await farm.Household.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK);
        batch["version"]!.GetValue<long>().Should().Be(4, "started and three steps; the refused ones appended nothing");
    }
}
