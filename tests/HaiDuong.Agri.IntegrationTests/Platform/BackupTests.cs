using System.Diagnostics;
using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.LocalPostgres;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>README's backup and restore, done once: pg_dump of a live database, pg_restore into an empty one, the app on it.</summary>
public sealed class BackupTests
{
    private sealed class OnDatabase(string connectionString) : AgriApp
    {
        protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(connectionString);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var bin = PostgresBinaries.FindBinDirectory() ?? throw new InvalidOperationException("PostgreSQL's programs are not installed.");
        var info = new ProcessStartInfo(Path.Combine(bin, program)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, $"{program} said: {errors}");
    }

    [Fact]
    public async Task A_pg_dump_restored_into_an_empty_database_serves_the_same_lots_scans_and_sealed_tokens()
    {
        var dump = Path.Combine(Path.GetTempPath(), $"agri-backup-{Guid.NewGuid():N}.dump");
        string lotId, unit;
        long scans;
        await using (var live = new AgriApp())
        {
            await live.InitializeAsync();
            var traced = await live.TracedAsync(stamps: 5);
            (lotId, unit) = (traced.LotId, traced.Unit(2));
            for (var i = 0; i < 3; i++)
            {
                (await TraceSeed.Get(live.Anonymous(), unit)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await (await traced.Farm.Household.PostJson($"/api/v1/households/{traced.Farm.HouseholdId}/marketplace-accounts", new
            {
                marketplace = "lazada",
                shopId = "backup-shop",
                accessToken = "token-kept-through-a-restore",
            })).Expect(HttpStatusCode.Created);
            scans = (await (await TraceSeed.Get(live.Anonymous(), unit, "application/json")).Expect(HttpStatusCode.OK))["scans"]!["count"]!.GetValue<long>();

            var source = new NpgsqlConnectionStringBuilder(live.ConnectionString);
            await RunAsync("pg_dump", "-h", source.Host!, "-p", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", source.Username!, "-Fc", "-f", dump, source.Database!);
        }

        try
        {
            var server = await TestPostgres.ServerAsync();
            var restoredName = $"restored_{Guid.NewGuid().ToString("N")[..8]}";
            await server.CreateDatabaseAsync(restoredName);
            var restored = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(restoredName));
            await RunAsync("pg_restore", "-h", restored.Host!, "-p", restored.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", restored.Username!, "--no-owner", "-d", restoredName, dump);

            await using var app = new OnDatabase(restored.ConnectionString);
            await app.InitializeAsync();
            var lot = await (await app.Admin().GetAsync($"/api/v1/lots/{lotId}")).Expect(HttpStatusCode.OK);
            lot["stampsIssued"]!.GetValue<int>().Should().Be(5);
            var view = await (await TraceSeed.Get(app.Anonymous(), unit, "application/json")).Expect(HttpStatusCode.OK);
            view["status"]!.GetValue<string>().Should().Be("genuine");
            view["scans"]!["count"]!.GetValue<long>().Should().Be(scans, "the scans counted before the backup are in it (the JSON view counts none)");

            // The restored key ring opens the token sealed before the backup, with the key kept outside the database.
            await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var account = await session.Query<MarketplaceAccount>().SingleAsync(a => a.ShopId == "backup-shop");
            var sealedTokens = await session.LoadAsync<MarketplaceCredentials>(account.Id);
            app.Services.GetRequiredService<MarketplaceTokens>().Open(account, sealedTokens).AccessToken.Should().Be("token-kept-through-a-restore");
        }
        finally
        {
            File.Delete(dump);
        }
    }
}
