extern alias api;
using System.Diagnostics;
using System.Globalization;
using api::HaiDuong.Agri.Api;
using api::HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Generator;
using HaiDuong.Agri.LocalPostgres;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

// A province-scale data set written straight through Marten's bulk path (COPY), for load tests and statistics demos:
//   dotnet run -c Release --project samples/HaiDuong.Agri.Generator -- [--households 110000] [--connection "<npgsql>"] [--data-directory DIR] [--seed N]

var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
var households = 110_000;
var seed = 2026;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--households" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
            households = n;
            break;
        case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s):
            seed = s;
            break;
        case "--connection" when value is not null:
            settings["ConnectionStrings:" + EmbeddedDatabase.ConnectionName] = value;
            break;
        case "--data-directory" when value is not null:
            settings["Agri:DataDirectory"] = value;
            break;
        default:
            await Console.Error.WriteLineAsync(
                "Usage: HaiDuong.Agri.Generator [--households 110000] [--connection \"<npgsql connection string>\"] [--data-directory DIR] [--seed 2026]");
            return 2;
    }

    i++;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
if (configuration.GetConnectionString(EmbeddedDatabase.ConnectionName) is null && configuration["Agri:DataDirectory"] is null
    && Environment.UserName != "root" && Repository.ApiDataDirectory() is { } apiData)
{
    // The folder `dotnet run --project src/HaiDuong.Agri.Api` uses, so the app shows this data when started next
    // (as root both use LocalPostgresServer's service folder, /var/lib/haiduong-agri/postgres).
    settings["Agri:DataDirectory"] = apiData;
    configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
}

string connectionString;
EmbeddedDatabase database;
try
{
    (connectionString, database) = await EmbeddedDatabase.ResolveAsync(configuration);
}
catch (LocalPostgresUnavailableException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    var where = new NpgsqlConnectionStringBuilder(connectionString);
    AnsiConsole.MarkupLineInterpolated($"Database: [bold]Host={where.Host};Port={where.Port};Database={where.Database};Username={where.Username}[/]");
    var services = new ServiceCollection().AddLogging();
    services.AddAgriStore(connectionString, AgriModules.All);
    await using var provider = services.BuildServiceProvider();
    var store = provider.GetRequiredService<IDocumentStore>();
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

    var generator = new ProvinceGenerator((IEventRegistry)store.Options.Events, seed);
    await using (var query = store.QuerySession())
    {
        if (await query.LoadAsync<Household>(generator.FirstHouseholdId(), interrupted.Token) is not null)
        {
            await Console.Error.WriteLineAsync(
                $"This database already holds the data set of seed {seed}: use another --data-directory (or database), or --seed.");
            return 1;
        }
    }

    var total = new Tally();
    var clock = Stopwatch.StartNew();
    await AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
        .StartAsync(async ctx =>
        {
            var task = ctx.AddTask("Households", maxValue: households);
            total = await ProvinceWriter.WriteAsync(
                store, generator, households,
                (written, count) =>
                {
                    task.Increment(count);
                    task.Description = $"Households · {written.Events:N0} events · {written.Events / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s";
                },
                interrupted.Token);
        });
    clock.Stop();

    var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
    await ProvinceWriter.MarkListingSyncDoneAsync(dataSource, interrupted.Token);
    var analyze = Stopwatch.StartNew();
    await using (var command = dataSource.CreateCommand("ANALYZE"))
    {
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(interrupted.Token);
    }

    var t = total;
    AnsiConsole.MarkupLineInterpolated($"[green]Wrote {t.Events:N0} events[/] in {t.Streams:N0} streams and {t.Documents:N0} read-model documents in {clock.Elapsed.TotalSeconds:N1} s: [bold]{t.Events / clock.Elapsed.TotalSeconds:N0} events/s[/].");
    Console.WriteLine(
        $"  {t.Households:N0} households ({t.Trained:N0} trained, {t.AccountLinked:N0} with a marketplace account, {t.Listed:N0} listing, {t.Selling:N0} selling) "
        + $"in {Catalog.Communes.Length} communes of province {ProvinceGenerator.ProvinceCode}, {t.Cooperatives:N0} cooperatives, {t.GrowingAreas:N0} growing areas, "
        + $"{t.Batches:N0} batches, {t.Lots:N0} lots, {t.Listings:N0} listings, {t.Orders:N0} orders.");
    Console.WriteLine($"  ANALYZE took {analyze.Elapsed.TotalSeconds:N1} s.");
    Console.WriteLine("The province statistics (GET /api/v1/stats) and the listing feeds are async projections: the app's daemon builds them from these events on its next start (well under a minute for the default size; GET /api/v1/stats shows its progress).");
    if (database.Server is { } server)
    {
        Console.WriteLine($"Start the app on this data: dotnet run --project src/HaiDuong.Agri.Api -- --Agri:DataDirectory={server.DataDirectory}");
    }

    return 0;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Interrupted: what was written so far stays in the database.");
    return 130;
}
finally
{
    await database.StopAsync(CancellationToken.None);
}

/// <summary>Where the repository's API keeps its embedded database when run with <c>dotnet run --project src/HaiDuong.Agri.Api</c>.</summary>
internal static class Repository
{
    public static string? ApiDataDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaiDuong.Agri.sln")))
            {
                return Path.Combine(dir.FullName, "src", "HaiDuong.Agri.Api", ".data", "postgres");
            }
        }

        return null;
    }
}
