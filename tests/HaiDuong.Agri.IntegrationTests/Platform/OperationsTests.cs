using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>
/// The app sampling the daemon's progress every 200 ms (15 s by default), whose daemon looks for stopped agents to start
/// again only every 10 minutes (5 s by default), so a projection stopped by the test stays stalled until the admin acts.
/// </summary>
public sealed class WatchedApp : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        Set("Agri:Operations:SampleInterval", "00:00:00.200");
        Set("Agri:Daemon:LeadershipPollingTime", "00:10:00");
        return base.DatabaseAsync();
    }
}

/// <summary>What an operator watches: the Prometheus scrape, the daemon's health, and the recovery from a stalled projection.</summary>
public sealed class OperationsTests(WatchedApp app) : IClassFixture<WatchedApp>
{
    private const string CommuneStatistics = "CommuneStatistics:All";

    [Fact]
    public async Task The_metrics_endpoint_is_for_the_admin_and_shows_scans_failed_lookups_and_the_daemon_lag()
    {
        var traced = await app.TracedAsync();
        (await TraceSeed.Get(app.Anonymous(), traced.Unit())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await TraceSeed.Get(app.Anonymous(), $"/01/{TracedLot.Gtin}/10/{traced.LotCode}/21/NOSUCHSERIAL")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await app.Anonymous().GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await traced.Farm.Cooperative.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var scrape = await WaitForAsync(
            async () => await (await app.Admin().GetAsync("/metrics")).Content.ReadAsStringAsync(),
            text => text.Contains("agri_daemon_lag", StringComparison.Ordinal) && text.Contains("agri_trace_failed_lookups", StringComparison.Ordinal));

        scrape.Should().MatchRegex("agri_trace_scans_total\\{[^}]*result=\"genuine\"[^}]*\\} [1-9]");
        scrape.Should().MatchRegex("agri_trace_failed_lookups_total(\\{[^}]*\\})? [1-9]");
        scrape.Should().Contain("agri_sync_queue_depth").And.Contain("agri_sync_dead_letters");
        scrape.Should().MatchRegex($"agri_daemon_lag\\{{[^}}]*shard=\"{CommuneStatistics}\"");
        scrape.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core's own metrics are exported too");
    }

    [Fact]
    public async Task A_projection_that_stops_advancing_while_events_wait_turns_the_daemon_unhealthy_until_an_admin_restarts_it()
    {
        await app.FarmAsync();
        var daemon = app.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.WaitForShardToBeRunning(CommuneStatistics, TimeSpan.FromSeconds(30));
        Lag(await WaitForAsync(() => StatusAsync(), s => Lag(s) == 0)).Should().Be(0);
        (await HealthAsync()).Status.Should().Be(HttpStatusCode.OK);

        // The stall: the projection's agent stops while households keep registering.
        await daemon.StopAgentAsync(CommuneStatistics);
        await app.FarmAsync();
        Lag(await WaitForAsync(() => StatusAsync(), s => Lag(s) > 0)).Should().BePositive();
        (await HealthAsync()).Status.Should().Be(HttpStatusCode.OK, "behind, but not yet for the stall time");

        app.Clock.Advance(Duration.FromMinutes(3));
        var (status, health) = await WaitForAsync(HealthAsync, h => h.Status == HttpStatusCode.ServiceUnavailable);
        var description = health["checks"]![0]!["description"]!.GetValue<string>();
        description.Should().Contain(CommuneStatistics).And.Contain("events behind").And.Contain("/api/v1/admin/daemon/restart");
        health["checks"]![0]!["data"]![CommuneStatistics]!.GetValue<long>().Should().BePositive();
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await app.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the contract: ready reports the daemon");
        (await app.Anonymous().GetAsync("/health/database")).StatusCode.Should().Be(HttpStatusCode.OK, "the database itself is fine");

        (await app.Anonymous().PostAsync("/api/v1/admin/daemon/restart", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var restarted = await (await app.Admin().PostAsync("/api/v1/admin/daemon/restart", null)).Expect(HttpStatusCode.OK);
        restarted["restarted"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Contain(CommuneStatistics);

        (await WaitForAsync(HealthAsync, h => h.Status == HttpStatusCode.OK)).Status.Should().Be(HttpStatusCode.OK);
        (await app.Anonymous().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusAsync())["shards"]!.AsArray().Should().Contain(s => s!["name"]!.GetValue<string>() == CommuneStatistics && !s["stalled"]!.GetValue<bool>());
    }

    private async Task<JsonNode> StatusAsync() => await (await app.Admin().GetAsync("/api/v1/admin/daemon")).Expect(HttpStatusCode.OK);

    private static long Lag(JsonNode status) =>
        status["shards"]!.AsArray().FirstOrDefault(s => s!["name"]!.GetValue<string>() == CommuneStatistics)?["lag"]!.GetValue<long>() ?? -1;

    private async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync()
    {
        var response = await app.Anonymous().GetAsync("/health/daemon");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>Asks again until the answer is as expected (the monitor samples in the background), for at most 30 s.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> ask, Func<T, bool> expected)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var answer = await ask();
            if (expected(answer) || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return answer;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>The app as a process with its metrics on a port of their own (Agri:Metrics:Port).</summary>
public sealed class MetricsPortTests
{
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task With_a_metrics_port_the_scrape_is_served_there_without_a_key_and_nowhere_else()
    {
        var metricsPort = FreePort();
        await using var app = await AppProcess.StartAsync(
            await TestPostgres.CreateDatabaseAsync(nameof(MetricsPortTests)),
            new Dictionary<string, string?> { ["Agri:Metrics:Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var admin = app.As(AgriApp.AdminKey);
        (await admin.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound, "not on the API's port, even for the admin");
        (await TraceSeed.Get(admin, "/01/08931234567897/10/NOLOT/21/NOSERIAL")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        var scrape = await scraper.GetAsync("/metrics");
        scrape.StatusCode.Should().Be(HttpStatusCode.OK);
        (await scrape.Content.ReadAsStringAsync()).Should().Contain("agri_trace_failed_lookups");
        (await scraper.GetAsync("/api/v1/stats")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the metrics port serves nothing else");
    }
}
