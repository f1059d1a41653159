using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.LocalPostgres;

namespace HaiDuong.Agri.IntegrationTests.Platform;

public sealed class HealthTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_up()
    {
        (await app.Anonymous().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await app.Admin().GetAsync("/api/v1/nothing-here");
        await response.ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}

/// <summary>The app on a PostgreSQL server of its own, which the test stops.</summary>
public sealed class OutageApp : AgriApp
{
    private LocalPostgresServer? server;

    public LocalPostgresServer Database => server!;

    /// <summary>Starts the stopped server again on its folder and port, where the app's connection string points.</summary>
    public async Task RestartDatabaseAsync()
    {
        // Another test's server may have taken the port for a moment meanwhile: try again shortly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions
                {
                    DataDirectory = server!.DataDirectory,
                    Durable = false,
                    Port = server.Port,
                });
                return;
            }
            catch (LocalPostgresUnavailableException) when (attempt < 10)
            {
                await Task.Delay(500);
            }
        }
    }

    protected override async Task<string?> DatabaseAsync()
    {
        server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "agri-outage-" + Guid.NewGuid().ToString("N")[..10], "postgres"),
            Durable = false,
        });
        return server.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (server is not null)
        {
            await server.StopAsync();
            Directory.Delete(Path.GetDirectoryName(server.DataDirectory)!, recursive: true);
        }
    }
}

public sealed class DatabaseOutageTests(OutageApp app) : IClassFixture<OutageApp>
{
    [Fact]
    public async Task With_the_database_down_writes_are_503_with_Retry_After_and_ready_fails_while_live_holds()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await app.Database.StopAsync();

        var write = await app.Admin().PostJson($"/api/v1/batches/{id}/activities", new { kind = "observation", occurredAt = "2026-03-01T03:00:00Z" });
        await write.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        write.Headers.RetryAfter.Should().NotBeNull();
        var read = await app.Admin().GetAsync($"/api/v1/batches/{id}");
        await read.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        var keyed = await farm.Household.GetAsync($"/api/v1/batches/{id}");
        await keyed.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");

        (await app.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await app.Anonymous().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class DatabaseRecoveryTests(OutageApp app) : IClassFixture<OutageApp>
{
    private static Task<HttpResponseMessage> Observe(HttpClient client, string batchId, string clientStepId, int minute) =>
        client.PostJson($"/api/v1/batches/{batchId}/activities", new
        {
            kind = "observation",
            occurredAt = $"2026-03-01T03:{minute:00}:00Z",
            notes = clientStepId,
            clientStepId,
        });

    [Fact]
    public async Task After_an_outage_the_app_recovers_by_itself_and_every_acknowledged_write_is_still_there()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var acknowledged = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            if (i == 20)
            {
                await app.Database.StopAsync();
            }

            if (i == 30)
            {
                await app.RestartDatabaseAsync();
            }

            var step = $"ledger-{i:00}";
            var answer = await Observe(farm.Household, batchId, step, i);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(step);
            }
            else
            {
                await answer.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");
                answer.Headers.RetryAfter.Should().NotBeNull();
                refused.Add(step);
            }
        }

        acknowledged.Should().Contain(Enumerable.Range(0, 20).Select(i => $"ledger-{i:00}"), "writes before the outage are acknowledged");
        refused.Should().Contain(Enumerable.Range(20, 10).Select(i => $"ledger-{i:00}"), "writes during the outage are refused");
        acknowledged.Should().Contain("ledger-39", "the app recovers by itself once the database is back");
        (await app.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        var timeline = await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}/timeline")).Expect(HttpStatusCode.OK);
        var stored = timeline["steps"]!.AsArray().Select(s => s!["notes"]?.GetValue<string>()).OfType<string>().ToHashSet();
        stored.Should().Contain(acknowledged, "every acknowledged write is stored");
        stored.Should().NotContain(refused.Where(r => string.CompareOrdinal(r, "ledger-30") < 0), "a write refused while the database was down was not stored");
    }
}
