extern alias api;

using System.Diagnostics;
using System.Net.Http.Headers;
using api::HaiDuong.Agri.Api;
using api::HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Generator;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// <c>GET /api/v1/stats</c> at province scale: the generator's 110,000 households (millions of events) bulk-loaded, the
/// app's daemon catches the statistics projection up, then the endpoint is read under light concurrency (p99 ≤ 50 ms).
/// Also reports the generator's events/s and the daemon's catch-up time.
/// </summary>
public static class StatsScenarios
{
    private const int Connections = 4;
    private const double P99TargetMs = 50;
    private static readonly int Households = Scale.Of(110_000);
    private static readonly int Requests = Scale.Of(2_000);

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(async (connectionString, _, ct) => await MeasureAsync(connectionString, ct));

    private static async Task<IReadOnlyList<Row>> MeasureAsync(string connectionString, CancellationToken ct)
    {
        var writing = Stopwatch.StartNew();
        Tally tally;
        {
            var services = new ServiceCollection().AddLogging();
            services.AddAgriStore(connectionString, AgriModules.All);
            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<IDocumentStore>();
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            tally = await ProvinceWriter.WriteAsync(store, new ProvinceGenerator((IEventRegistry)store.Options.Events, 2026), Households, null, ct);
            var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
            await ProvinceWriter.MarkListingSyncDoneAsync(dataSource, ct);
            await using var analyze = dataSource.CreateCommand("analyze");
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        writing.Stop();
        Console.Error.WriteLine($"  generated {tally.Events:N0} events ({tally.Households:N0} households) in {writing.Elapsed.TotalSeconds:N1} s");

        await using var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        var catchUp = Stopwatch.StartNew();
        app.StartServer();
        await app.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(10));
        catchUp.Stop();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, UseProxy = false };
        using var admin = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);
        var first = await BenchApi.SendAsync(admin, HttpMethod.Get, "/api/v1/stats", null, System.Net.HttpStatusCode.OK, ct);
        var registered = first["households"]!["registered"]!.GetValue<long>();
        if (registered != tally.Households)
        {
            throw new InvalidOperationException($"The statistics count {registered:N0} households; {tally.Households:N0} were generated.");
        }

        var latencies = new double[Requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Requests; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await admin.GetAsync(i % 4 == 0 ? "/api/v1/stats?communeCode=10507" : "/api/v1/stats", ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));

        Array.Sort(latencies);
        var p50 = latencies[latencies.Length / 2];
        var p99 = latencies[(int)Math.Ceiling(latencies.Length * 0.99) - 1];
        return
        [
            new Row(
                Row.Invariant($"stats: GET /api/v1/stats, {tally.Households:N0} households"),
                Row.Invariant($"p50 {p50:0.0} ms, p99 {p99:0.0} ms"),
                "—",
                "—",
                Row.Invariant($"p99 ≤ {P99TargetMs} ms"),
                p99 <= P99TargetMs,
                Row.Invariant($"{Requests:N0} requests on {Connections} connections (a quarter filtered by commune); {first["byCommune"]!.AsArray().Count} communes")),
            new Row(
                Row.Invariant($"generator: province data set ({tally.Households:N0} households)"),
                Row.Invariant($"{tally.Events / writing.Elapsed.TotalSeconds:N0} events/s"),
                "—",
                "—",
                "report",
                true,
                Row.Invariant($"{tally.Events:N0} events, {tally.Documents:N0} documents in {Row.Seconds(writing.Elapsed)}; statistics projection caught up {Row.Seconds(catchUp.Elapsed)} after start")),
        ];
    }
}
