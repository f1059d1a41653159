extern alias api;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
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
    private static readonly int ListRequests = Scale.Of(600);

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

        // Scans per day as a year and a half of a busy province would leave them (the generator makes no scans): every
        // commune, every day, so the per-day query reads a full table.
        var communes = first["byCommune"]!.AsArray().Select(c => c!["communeCode"]!.GetValue<string>()).ToArray();
        var appData = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var scans = appData.CreateCommand(
            "insert into agri.scan_days (day, commune_code, scans) select d::date, c, (random() * 400)::bigint "
            + "from generate_series(current_date - 548, current_date, interval '1 day') d, unnest($1::text[]) c on conflict do nothing"))
        {
            scans.Parameters.Add(new NpgsqlParameter { Value = communes });
            await scans.ExecuteNonQueryAsync(ct);
        }

        foreach (var sql in new[] { "insert into agri.scan_days (day, commune_code, scans) select day, '', sum(scans) from agri.scan_days group by day on conflict do nothing", "analyze agri.scan_days" })
        {
            await using var command = appData.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(ct);
        }

        var (p50, p99) = await MeasureAsync(admin, Requests, i => i % 4 == 0 ? "/api/v1/stats?communeCode=10507" : "/api/v1/stats", ct);

        // The dashboard page as an official's browser opens it (its session cookie): the whole province for the default year,
        // and a quarter of the commune with the most households; three in four requests unfiltered.
        var busiest = first["byCommune"]!.AsArray().MaxBy(c => c!["households"]!["registered"]!.GetValue<long>())!["communeCode"]!.GetValue<string>();
        var officialKey = (await BenchApi.SendAsync(admin, HttpMethod.Post, "/api/v1/api-keys", new { role = "official", label = "IOC" }, System.Net.HttpStatusCode.Created, ct))["key"]!.GetValue<string>();
        using var browserHandler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, UseProxy = false, UseCookies = false };
        using var browser = new HttpClient(browserHandler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (var signIn = await browser.PostAsync("/api/v1/sessions", JsonContent.Create(new { key = officialKey }), ct))
        {
            signIn.EnsureSuccessStatusCode();
            browser.DefaultRequestHeaders.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("agri_session=", StringComparison.Ordinal)));
        }

        var quarter = $"/dashboard?communeCode={busiest}&from=2026-04-01&to=2026-06-30";
        var page = await browser.GetStringAsync("/dashboard", ct);
        if (!page.Contains("data-chart=\"funnel\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The dashboard answered without its charts.");
        }

        // Warmed up first (each kind of page a few times: the components' first render compiles them), as the stats were by their first call.
        await MeasureAsync(browser, 8, i => i % 2 == 0 ? quarter : "/dashboard", ct);
        var (pageP50, pageP99) = await MeasureAsync(browser, Requests, i => i % 4 == 0 ? quarter : "/dashboard", ct);

        // The list routes the desk pages through, as an admin over the whole province (counting every match each time).
        var cooperativeId = (await BenchApi.SendAsync(admin, HttpMethod.Get, "/api/v1/cooperatives?pageSize=1", null, System.Net.HttpStatusCode.OK, ct))["items"]![0]!["id"]!.GetValue<string>();
        string[] lists =
        [
            "/api/v1/households?page={0}", "/api/v1/batches?communeCode={1}", "/api/v1/lots?status=active&page={0}",
            "/api/v1/listings?communeCode={1}&page=2", "/api/v1/households?cooperativeId={2}&stage=selling", "/api/v1/batches?from=2026-07-01&to=2026-07-31&page={0}",
        ];
        var (listP50, listP99) = await MeasureAsync(
            admin, ListRequests, i => string.Format(CultureInfo.InvariantCulture, lists[i % lists.Length], 1 + (i % 20), communes[i % communes.Length], cooperativeId), ct);

        return
        [
            new Row(
                Row.Invariant($"stats: GET /api/v1/stats, {tally.Households:N0} households"),
                Row.Invariant($"p50 {p50:0.0} ms, p99 {p99:0.0} ms"),
                "—",
                "—",
                Row.Invariant($"p99 ≤ {P99TargetMs} ms"),
                p99 <= P99TargetMs,
                Row.Invariant($"{Requests:N0} requests on {Connections} connections (a quarter filtered by commune); {communes.Length} communes; each answer also carries its period: months, scans per day (from 549 days of rows for each commune and the province), expiring certificates")),
            new Row(
                Row.Invariant($"dashboard: GET /dashboard page, {tally.Households:N0} households"),
                Row.Invariant($"p50 {pageP50:0.0} ms, p99 {pageP99:0.0} ms"),
                "—",
                "—",
                Row.Invariant($"p99 ≤ {P99TargetMs} ms"),
                pageP99 <= P99TargetMs,
                Row.Invariant($"{Requests:N0} requests with an official's session cookie on {Connections} connections: the province's default year (a quarter of them: a quarter of the busiest commune); the whole HTML page ({Encoding.UTF8.GetByteCount(page) / 1024.0:N0} KB unfiltered), SVG charts and tables rendered on the server")),
            new Row(
                Row.Invariant($"lists: GET /households, /batches, /lots, /listings pages, {tally.Households:N0} households"),
                Row.Invariant($"p50 {listP50:0.0} ms, p99 {listP99:0.0} ms"),
                "—",
                "—",
                "report",
                true,
                Row.Invariant($"{ListRequests:N0} admin requests on {Connections} connections: pages 1-20, by commune, status, cooperative and stage, a month of starts; each counts its matches")),
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

    /// <summary>p50 and p99 of <paramref name="requests"/> GETs on <see cref="Connections"/> connections.</summary>
    private static async Task<(double P50, double P99)> MeasureAsync(HttpClient client, int requests, Func<int, string> path, CancellationToken ct)
    {
        var latencies = new double[requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path(i), ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));

        Array.Sort(latencies);
        return (latencies[latencies.Length / 2], latencies[(int)Math.Ceiling(latencies.Length * 0.99) - 1]);
    }
}
