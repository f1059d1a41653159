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
