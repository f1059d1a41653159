using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Platform;

public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Data_survives_an_app_restart_and_a_stale_postmaster_pid_on_the_embedded_default()
    {
        var dataDirectory = EmbeddedAgriApp.NewDataDirectory();
        try
        {
            string batchId;
            await using (var first = new EmbeddedAgriApp(dataDirectory))
            {
                await ((Xunit.IAsyncLifetime)first).InitializeAsync();
                first.ConnectionString.Should().BeNull("the embedded default runs when no connection string is set");
                var farm = await first.FarmAsync();
                batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
            }

            File.Exists(Path.Combine(dataDirectory, "postmaster.pid")).Should().BeFalse("the app stops its server when it stops");
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "postmaster.pid"), $"999999\n{dataDirectory}\n1700000000\n5432\n");

            await using var second = new EmbeddedAgriApp(dataDirectory);
            await ((Xunit.IAsyncLifetime)second).InitializeAsync();
            var batch = await (await second.Admin().GetAsync($"/api/v1/batches/{batchId}")).Expect(HttpStatusCode.OK);
            batch["plantedOn"]!.GetValue<string>().Should().Be("2026-01-15");
            batch["version"]!.GetValue<long>().Should().Be(2);
        }
        finally
        {
            await EmbeddedAgriApp.StopLeftoversAsync(dataDirectory);
            Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
        }
    }

    [Fact]
    public async Task When_the_embedded_server_dies_the_app_starts_it_again_and_loses_nothing_acknowledged()
    {
        var dataDirectory = EmbeddedAgriApp.NewDataDirectory();
        try
        {
            await using var app = new EmbeddedAgriApp(dataDirectory);
            app.Set("Agri:EmbeddedWatchInterval", "00:00:00.500");
            await ((Xunit.IAsyncLifetime)app).InitializeAsync();
            var farm = await app.FarmAsync();
            var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);

            // SIGKILL the postmaster, as a crash or the OOM killer would.
            var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
            using (var postmaster = System.Diagnostics.Process.GetProcessById(pid))
            {
                postmaster.Kill();
                postmaster.WaitForExit(10_000).Should().BeTrue("the server was killed");
            }

            var until = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage answer;
            while (true)
            {
                answer = await farm.Household.PostJson($"/api/v1/batches/{batchId}/activities", new { kind = "observation", occurredAt = "2026-03-01T03:00:00Z", clientStepId = "after-crash" });
                if (answer.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > until)
                {
                    break;
                }

                answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "while the server is down, writes answer 503");
                await Task.Delay(250);
            }

            answer.StatusCode.Should().Be(HttpStatusCode.OK, "the app starts its server again by itself");
            var restarted = int.Parse((await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
            restarted.Should().NotBe(pid, "a new server runs on the folder");
            var batch = await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}")).Expect(HttpStatusCode.OK);
            batch["plantedOn"]!.GetValue<string>().Should().Be("2026-01-15", "what was acknowledged before the crash is still there");
        }
        finally
        {
            await EmbeddedAgriApp.StopLeftoversAsync(dataDirectory);
            Directory.Delete(Path.GetDirectoryName(dataDirectory)!, recursive: true);
        }
    }
}
