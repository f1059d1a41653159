using System.Net;
using System.Text.Json;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Batches;

public sealed class BulkOfflineSyncTests(AgriApp app) : IClassFixture<AgriApp>
{
    /// <summary>What a phone queues during a week without signal: sent in the order recorded, not in field order.</summary>
    private static object[] QueuedSteps() =>
    [
        new { type = "planting", clientStepId = "p-1", plantedOn = "2026-01-15", seedSource = "Vườn ươm Thanh Hà" },
        new { type = "activity", clientStepId = "a-2", kind = "irrigation", occurredAt = "2026-03-10T01:00:00Z", notes = "Tưới" },
        new { type = "input", clientStepId = "i-1", kind = "fertilizer", productName = "NPK 16-16-8", dose = 2, unit = "kg/cây", appliedOn = "2026-02-01", occurredAt = "2026-02-01T02:00:00Z" },
        new { type = "activity", clientStepId = "a-1", kind = "pruning", occurredAt = "2026-01-20T02:00:00Z" },
        new { type = "activity", clientStepId = "a-2", kind = "irrigation", occurredAt = "2026-03-10T01:00:00Z", notes = "Tưới" },
        new { type = "input", clientStepId = "i-2", kind = "pesticide", productName = "Regent 800WG", dose = 1.5, unit = "g/l", appliedOn = "2026-05-27", preHarvestIntervalDays = 7 },
        new { type = "harvest", clientStepId = "h-1", harvestedOn = "2026-06-01", quantityKg = 50 },
        new { type = "harvest", clientStepId = "h-2", harvestedOn = "2026-06-03", quantityKg = 400 },
        new { type = "harvest", clientStepId = "h-3", quantityKg = 10 },
        new { type = "spraying", clientStepId = "x-1" },
    ];

    [Fact]
    public async Task An_offline_upload_lands_in_field_order_with_repeats_applied_once_and_bad_steps_reported()
    {
        var farm = await app.FarmAsync();
        var id = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();

        var answer = await (await farm.Household.PostJson($"/api/v1/batches/{id}/steps:bulk", new { steps = QueuedSteps() }))
            .Expect(HttpStatusCode.OK);

        var results = answer["results"]!.AsArray();
        results.Select(r => r!["status"]!.GetValue<string>()).Should().Equal(
            "applied", "applied", "applied", "applied", "duplicate", "applied", "rejected", "applied", "rejected", "rejected");
        results[4]!["stepId"]!.GetValue<string>().Should().Be(results[1]!["stepId"]!.GetValue<string>());
        results[6]!["problem"]!["type"]!.GetValue<string>().Should().Be("urn:haiduong-agri:problem:pre-harvest-interval");
        results[6]!["problem"]!["data"]!["firstAllowedHarvestOn"]!.GetValue<string>().Should().Be("2026-06-03");
        results[8]!["problem"]!["errors"]!.AsObject().Select(e => e.Key).Should().Contain("steps[8].harvestedOn");
        results[9]!["problem"]!["errors"]!.AsObject().Select(e => e.Key).Should().Contain("steps[9].type");
        answer["applied"]!.GetValue<int>().Should().Be(6);
        answer["duplicates"]!.GetValue<int>().Should().Be(1);
        answer["rejected"]!.GetValue<int>().Should().Be(3);
        answer["batch"]!["harvestedKg"]!.GetValue<decimal>().Should().Be(400);

        var timeline = await (await farm.Household.GetAsync($"/api/v1/batches/{id}/timeline")).Expect(HttpStatusCode.OK);
        timeline["steps"]!.AsArray().Select(s => s!["clientStepId"]!.GetValue<string>())
            .Should().Equal("p-1", "a-1", "i-1", "a-2", "i-2", "h-2");
    }

    [Fact]
    public async Task Sending_the_same_upload_again_appends_nothing()
    {
        var farm = await app.FarmAsync();
        var id = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();
        var first = await farm.Household.PostJson($"/api/v1/batches/{id}/steps:bulk", new { steps = QueuedSteps() });
        await first.Expect(HttpStatusCode.OK);

        var again = await (await farm.Household.PostJson($"/api/v1/batches/{id}/steps:bulk", new { steps = QueuedSteps() }))
            .Expect(HttpStatusCode.OK);
        again["applied"]!.GetValue<int>().Should().Be(0);
        again["duplicates"]!.GetValue<int>().Should().Be(7);
        again["batch"]!["version"]!.GetValue<long>().Should().Be(7);

        // A single-step route honours the same client step id.
        var single = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 400, clientStepId = "h-2" });
        (await single.Expect(HttpStatusCode.OK))["version"]!.GetValue<long>().Should().Be(7);
    }

    [Fact]
    public async Task A_bulk_upload_of_two_thousand_steps_is_accepted_up_to_four_megabytes_and_refused_beyond()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var steps = Enumerable.Range(0, 2000).Select(i => new
        {
            type = "activity",
            clientStepId = $"obs-{i}",
            kind = "observation",
            occurredAt = $"2026-02-01T00:00:00Z",
            notes = new string('q', 600),
        }).ToArray();
        var body = JsonSerializer.Serialize(new { steps });
        body.Length.Should().BeInRange(1_100_000, 4_000_000, "the upload is larger than a normal request but within the bulk limit");
        var answer = await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/steps:bulk", body)).Expect(HttpStatusCode.OK);
        answer["applied"]!.GetValue<int>().Should().Be(2000);

        var tooMany = JsonSerializer.Serialize(new { steps = steps.Take(1).Concat(steps).ToArray() });
        await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/steps:bulk", tooMany)).ExpectFieldErrors("steps");

        var tooLarge = JsonSerializer.Serialize(new { steps = steps.Take(10).Select(s => s with { notes = new string('q', 500_000) }) });
        await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/steps:bulk", tooLarge))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Theory]
    [InlineData("""{}""", "steps")]
    [InlineData("""{"steps":[]}""", "steps")]
    [InlineData("""{"steps":[null]}""", "steps[0]")]
    [InlineData("""{"steps":"all"}""", "steps")]
    public async Task A_malformed_upload_is_a_400_problem(string body, string field)
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/steps:bulk", body)).ExpectFieldErrors(field);
    }
}
