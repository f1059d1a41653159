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
}
