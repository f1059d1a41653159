using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Batches;

public sealed class ConcurrencyAndIdempotencyTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static object Activity(int minute) => new { kind = "observation", occurredAt = $"2026-03-01T03:{minute:00}:00Z", notes = "Quả đậu đều" };

    private async Task<long> VersionOf(HttpClient client, string id) =>
        (await (await client.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK))["version"]!.GetValue<long>();

    [Fact]
    public async Task A_stale_If_Match_is_a_412_and_the_current_one_succeeds()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var stale = await farm.Household.PostJson($"/api/v1/batches/{id}/activities", Activity(1), ("If-Match", "\"1\""));
        (await stale.ExpectProblem(HttpStatusCode.PreconditionFailed, "version-mismatch"))["currentVersion"]!.GetValue<long>().Should().Be(2);

        var current = await farm.Household.PostJson($"/api/v1/batches/{id}/activities", Activity(1), ("If-Match", "\"2\""));
        await current.Expect(HttpStatusCode.OK);
        current.ETag().Should().Be("\"3\"");

        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", Activity(2), ("If-Match", "three")))
            .ExpectFieldErrors("If-Match");
    }

    [Fact]
    public async Task Racing_writers_on_one_version_exactly_one_wins()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var writers = Enumerable.Range(0, 8).Select(i =>
            app.As(farm.Household.DefaultRequestHeaders.Authorization!.Parameter!)
                .PostJson($"/api/v1/batches/{id}/activities", Activity(i), ("If-Match", "\"2\"")));
        var answers = await Task.WhenAll(writers);

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed).Should().Be(7);
        foreach (var lost in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await lost.ExpectProblem(HttpStatusCode.PreconditionFailed, "version-mismatch");
        }

        (await VersionOf(farm.Household, id)).Should().Be(3);
    }

    [Fact]
    public async Task Racing_writers_without_If_Match_all_land()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            farm.Cooperative.PostJson($"/api/v1/batches/{id}/activities", Activity(i))));
        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await VersionOf(farm.Household, id)).Should().Be(6);
    }

    [Fact]
    public async Task A_replayed_Idempotency_Key_answers_the_first_response_and_appends_nothing()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var harvest = new { harvestedOn = "2026-06-03", quantityKg = 120.5 };

        var first = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", harvest, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.Should().Be(HttpStatusCode.OK);

        var replay = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", harvest, key);
        replay.StatusCode.Should().Be(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).Should().Be(firstBody);
        replay.ETag().Should().Be(first.ETag());
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");

        var details = await (await farm.Household.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK);
        details["harvests"]!.GetValue<int>().Should().Be(1);
        details["harvestedKg"]!.GetValue<decimal>().Should().Be(120.5m);

        var otherBody = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-04", quantityKg = 5 }, key);
        await otherBody.ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        (await VersionOf(farm.Household, id)).Should().Be(3);
    }

    [Fact]
    public async Task A_replayed_create_returns_the_same_resource_and_starts_no_second_stream()
    {
        var farm = await app.FarmAsync();
        var key = ("Idempotency-Key", "start-batch-" + Guid.NewGuid());
        var body = new { growingAreaId = farm.GrowingAreaId, crop = "vải thiều" };
        var first = await farm.Household.PostJson("/api/v1/batches", body, key);
        var again = await farm.Household.PostJson("/api/v1/batches", body, key);
        var firstId = (await first.Expect(HttpStatusCode.Created)).Id();
        (await again.Expect(HttpStatusCode.Created)).Id().Should().Be(firstId);
        again.Headers.Location.Should().Be(first.Headers.Location);

        // Keys are per caller: the same key from another caller is a new request.
        var cooperativeAnswer = await farm.Cooperative.PostJson("/api/v1/batches", body, key);
        (await cooperativeAnswer.Expect(HttpStatusCode.Created)).Id().Should().NotBe(firstId);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_Idempotency_Key_are_applied_once()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 10 }, key)));
        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await (await farm.Household.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK))["harvests"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_refused_command_is_not_remembered_under_its_key()
    {
        var farm = await app.FarmAsync();
        var id = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var harvest = new { harvestedOn = "2026-06-03", quantityKg = 10 };
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", harvest, key)).ExpectProblem(HttpStatusCode.Conflict, "batch-not-planted");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-01-15" })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", harvest, key)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task If_None_Match_answers_304_for_registry_records_but_never_for_views_with_claims_computed_when_read()
    {
        var farm = await app.FarmAsync();
        var household = await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}");
        var unchanged = await farm.Household.Send(HttpMethod.Get, $"/api/v1/households/{farm.HouseholdId}", null, ("If-None-Match", household.ETag()));
        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await farm.Household.Send(HttpMethod.Get, $"/api/v1/households/{farm.HouseholdId}", null, ("If-None-Match", "W/" + household.ETag())))
            .StatusCode.Should().Be(HttpStatusCode.NotModified, "If-None-Match compares weakly");
        (await farm.Household.Send(HttpMethod.Get, $"/api/v1/households/{farm.HouseholdId}", null, ("If-None-Match", "*")))
            .StatusCode.Should().Be(HttpStatusCode.NotModified, "* matches any current representation");
        (await farm.Household.Send(HttpMethod.Get, $"/api/v1/households/{farm.HouseholdId}", null, ("If-None-Match", "\"999\"")))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var first = await farm.Household.GetAsync($"/api/v1/batches/{id}");
        var again = await farm.Household.Send(HttpMethod.Get, $"/api/v1/batches/{id}", null, ("If-None-Match", first.ETag()));
        again.StatusCode.Should().Be(HttpStatusCode.OK, "a certificate suspended meanwhile changes the claims without a new batch version");
        again.ETag().Should().Be(first.ETag());
    }
}
