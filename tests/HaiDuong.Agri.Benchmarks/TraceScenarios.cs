using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// The public trace page under load: the real app on Kestrel over a durable private PostgreSQL, 64 connections GETting
/// unit pages (each one a counted scan) over a hot set of 10,000 stamps in 100 lots. Compared in the same run with a
/// baseline endpoint of this host that serves the same page's bytes from memory (≥ 0.5×) and with <c>/health/live</c>
/// (≥ 0.3×), p99 ≤ 20 ms; then the same load with a page change every second (a stamp voided, which bumps its lot's trace
/// version), and on a freshly started instance (a cold cache: the first scan of each lot reads and renders it). After each,
/// the sum of the scan counts in the database must equal the number of unit-page requests answered 200.
/// </summary>
public static class TraceScenarios
{
    private const int Connections = 64;
    private static readonly int Lots = Scale.Quick ? 10 : 100;
    private const int HotStampsPerLot = 100;
    private const int SpareStampsPerLot = 30;
    private static readonly int Rounds = Scale.Quick ? 1 : 3;
    private const double BaselineTarget = 0.5;
    private const double HealthTarget = 0.3;
    private const double P99TargetMs = 20;
    private const string Gtin13 = "8931234567897";
    private const string Gtin14 = "0" + Gtin13;
    private const string ProductName = "Vải thiều Thanh Hà loại 1";

    private static readonly TimeSpan WarmUp = Scale.Of(TimeSpan.FromSeconds(3));
    private static readonly TimeSpan Measured = Scale.Of(TimeSpan.FromSeconds(10));

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(MeasureAsync);

    private static string LotCode(int lot) => $"BENCH-{lot:0000}";

    private static async Task<IReadOnlyList<Row>> MeasureAsync(string connectionString, CpuMeter cpu, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            PooledConnectionLifetime = TimeSpan.FromHours(1),
            PooledConnectionIdleTimeout = TimeSpan.FromHours(1),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };

        var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        List<(string LotId, List<string> Serials)> lots;
        Uri[] units;
        Row warmRow, healthRow, changingRow;
        LoadResult[] ours;
        double baselineRate;
        int pageBytes;
        try
        {
            var started = Stopwatch.StartNew();
            app.StartServer();
            Console.Error.WriteLine($"  app on {app.BaseAddress} started in {started.ElapsedMilliseconds} ms");
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            using var admin = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);

            var seeding = Stopwatch.StartNew();
            lots = await SeedAsync(admin, ct);
            Console.Error.WriteLine($"  seeded {lots.Count} lots with {HotStampsPerLot + SpareStampsPerLot} stamps each in {seeding.ElapsedMilliseconds} ms");

            // Consecutive requests go to different lots: stamp k of the hot set is lot k mod 100's (k / 100)th.
            units = Enumerable.Range(0, lots.Count * HotStampsPerLot)
                .Select(k => new Uri(app.BaseAddress, $"/01/{Gtin14}/10/{LotCode(k % lots.Count)}/21/{lots[k % lots.Count].Serials[k / lots.Count]}"))
                .ToArray();
            var check = await CheckUnitPageAsync(client, units[0], ct);
            pageBytes = check.Length;
            app.BaselinePage = check;
            var counted = new Counted(connectionString, 1);

            var load = new Phases(new LoadGenerator(client, Connections), cpu);
            var baselineUri = new Uri(app.BaseAddress, BenchApp.BaselinePath);
            var healthUri = new Uri(app.BaseAddress, "/health/live");
            Func<long, Uri> unitPage = i => units[i % units.Length];
            await load.RunAsync("warm-up baseline page", _ => baselineUri, "text/html", WarmUp, ct);
            await load.RunAsync("warm-up /health/live", _ => healthUri, "*/*", WarmUp, ct);
            counted.Add(await load.RunAsync("warm-up ours", unitPage, "text/html", WarmUp, ct));
            var baselines = new List<LoadResult>();
            var healths = new List<LoadResult>();
            var measured = new List<LoadResult>();
            for (var round = 1; round <= Rounds && !ct.IsCancellationRequested; round++)
            {
                baselines.Add(await load.RunAsync($"baseline page {round}", _ => baselineUri, "text/html", Measured, ct));
                healths.Add(await load.RunAsync($"/health/live {round}", _ => healthUri, "*/*", Measured, ct));
                measured.Add(counted.Add(await load.RunAsync($"ours {round}", unitPage, "text/html", Measured, ct)));
            }

            var warmCheck = await counted.CheckAsync("hot", ct);
            ours = [.. measured];
            baselineRate = BenchApi.Median(baselines.Select(r => r.RequestsPerSecond));
            var healthRate = BenchApi.Median(healths.Select(r => r.RequestsPerSecond));
            var oursRate = BenchApi.Median(measured.Select(r => r.RequestsPerSecond));
            var latencies = Merge(measured);
            var p99 = LoadResult.Percentile(latencies, 99);
            warmRow = new Row(
                $"trace: unit page (HTML, counting), {Connections} connections, hot set {units.Length:N0} stamps in {lots.Count} lots",
                Row.Invariant($"{oursRate:N0} req/s, p50 {LoadResult.Percentile(latencies, 50):0.0} ms, p99 {p99:0.0} ms"),
                Row.Invariant($"same bytes from memory {baselineRate:N0} req/s, p99 {LoadResult.Percentile(Merge(baselines), 99):0.0} ms"),
                Row.Invariant($"{oursRate / baselineRate:0.00}×"),
                Row.Invariant($"≥ {BaselineTarget:0.0}; p99 ≤ {P99TargetMs:0} ms"),
                oursRate / baselineRate >= BaselineTarget && p99 <= P99TargetMs,
                Row.Invariant($"median of {measured.Count} × {Measured.TotalSeconds:0} s runs, alternating, after {WarmUp.TotalSeconds:0} s warm-up (ours {Rates(measured)}; baseline {Rates(baselines)}); ")
                + Row.Invariant($"{Errors(measured)}; page {pageBytes:N0} B; CPU during ours: app + load generator {measured.Average(r => r.Cpu?.Process ?? 0):0.00} cores, PostgreSQL {measured.Average(r => r.Cpu?.Postgres ?? 0):0.00} cores; {warmCheck}"));
            healthRow = new Row(
                "trace: the same unit-page runs against /health/live",
                Row.Invariant($"{oursRate:N0} req/s"),
                Row.Invariant($"/health/live {healthRate:N0} req/s, p99 {LoadResult.Percentile(Merge(healths), 99):0.0} ms"),
                Row.Invariant($"{oursRate / healthRate:0.00}×"),
                Row.Invariant($"≥ {HealthTarget:0.0}"),
                oursRate / healthRate >= HealthTarget,
                Row.Invariant($"/health/live {Rates(healths)}"));

            // A page change every second: a spare stamp of the next lot voided (its lot's version bumps; the next scan of
            // that lot on this instance reads and renders it again).
            using var changes = new CancellationTokenSource();
            var changed = 0;
            var changer = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (await timer.WaitForNextTickAsync(changes.Token))
                {
                    var lot = lots[changed % lots.Count];
                    var spare = lot.Serials[HotStampsPerLot + (changed / lots.Count % SpareStampsPerLot)];
                    await BenchApi.SendAsync(admin, HttpMethod.Post, $"/api/v1/stamps/{spare}/void", new { reason = "benchmark" }, HttpStatusCode.OK, changes.Token);
                    changed++;
                }
            }, CancellationToken.None);
            var changing = counted.Add(await load.RunAsync("ours, a page change every second", unitPage, "text/html", Measured, ct));
            await changes.CancelAsync();
            try
            {
                await changer;
            }
            catch (OperationCanceledException)
            {
            }

            var changingCheck = await counted.CheckAsync("changing", ct);
            var changingP99 = changing.Milliseconds(99);
            changingRow = new Row(
                "trace: the same with a page change every second",
                Row.Invariant($"{changing.RequestsPerSecond:N0} req/s, p99 {changingP99:0.0} ms"),
                Row.Invariant($"same bytes from memory {baselineRate:N0} req/s"),
                Row.Invariant($"{changing.RequestsPerSecond / baselineRate:0.00}×"),
                Row.Invariant($"≥ {BaselineTarget:0.0}; p99 ≤ {P99TargetMs:0} ms"),
                changing.RequestsPerSecond / baselineRate >= BaselineTarget && changingP99 <= P99TargetMs,
                Row.Invariant($"one {Measured.TotalSeconds:0} s run, {changed} stamps voided during it; {Errors([changing])}; {changingCheck}"));
        }
        finally
        {
            await app.DisposeAsync();
        }

        // A cold cache: a new instance on the same database, measured from its first request.
        await using var cold = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        cold.StartServer();
        using var coldClient = new HttpClient(handler, disposeHandler: false) { BaseAddress = cold.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var coldUnits = units.Select(u => new Uri(cold.BaseAddress, u.PathAndQuery)).ToArray();
        var coldCounted = new Counted(connectionString, await new Counted(connectionString, 0).SumAsync(ct));
        var coldLoad = new Phases(new LoadGenerator(coldClient, Connections), cpu);
        var coldRun = coldCounted.Add(await coldLoad.RunAsync("ours, cold cache", i => coldUnits[i % coldUnits.Length], "text/html", Measured, ct));
        var coldCheck = await coldCounted.CheckAsync("cold", ct, alreadyInDatabase: true);
        var coldP99 = coldRun.Milliseconds(99);
        var coldRow = new Row(
            "trace: the same from a cold cache (a new instance: each lot's first scan reads and renders it)",
            Row.Invariant($"{coldRun.RequestsPerSecond:N0} req/s, p99 {coldP99:0.0} ms"),
            Row.Invariant($"same bytes from memory {baselineRate:N0} req/s (first instance)"),
            Row.Invariant($"{coldRun.RequestsPerSecond / baselineRate:0.00}×"),
            Row.Invariant($"≥ {BaselineTarget:0.0}; p99 ≤ {P99TargetMs:0} ms"),
            coldRun.RequestsPerSecond / baselineRate >= BaselineTarget && coldP99 <= P99TargetMs,
            Row.Invariant($"one {Measured.TotalSeconds:0} s run from the new instance's start, no warm-up; {Errors([coldRun])}; {coldCheck}"));

        return [warmRow, healthRow, changingRow, coldRow];
    }

    /// <summary>Unit-page GETs answered 200, against the sum of the scan counts in the database.</summary>
    private sealed class Counted(string connectionString, long start)
    {
        private long successes = start;

        public LoadResult Add(LoadResult result)
        {
            successes += result.Successes;
            return result;
        }

        public async Task<long> SumAsync(CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select coalesce(sum(count), 0)::bigint from agri.stamp_scans", connection);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        public async Task<string> CheckAsync(string name, CancellationToken ct, bool alreadyInDatabase = false)
        {
            // The scans of the day are flushed on their own; the tallies are written before each answer.
            var sum = await SumAsync(ct);
            var exact = sum == successes;
            Console.Error.WriteLine($"  {name}: scan counts in the database {sum:N0}, unit-page GETs answered 200 {successes:N0}{(alreadyInDatabase ? " (with those before)" : "")}: {(exact ? "exact" : "MISMATCH")}");
            return Row.Invariant($"count check: database sum {sum:N0} = {successes:N0} counted 200s: {(exact ? "exact" : "MISMATCH")}");
        }
    }

    /// <summary>Runs load phases, measuring the CPU each one used and logging each to stderr.</summary>
    private sealed class Phases(LoadGenerator load, CpuMeter cpu)
    {
        public async Task<LoadResult> RunAsync(string name, Func<long, Uri> target, string accept, TimeSpan duration, CancellationToken ct)
        {
            var before = cpu.Take();
            var result = await load.RunAsync(name, target, accept, duration, ct);
            result = result with { Cpu = CpuMeter.Cores(before, cpu.Take()) };
            Console.Error.WriteLine($"  {result}");
            return result;
        }
    }

    /// <summary>The lots with their stamps (see <see cref="BenchApi.SeedLotAsync"/>), eight seeded at a time.</summary>
    private static async Task<List<(string LotId, List<string> Serials)>> SeedAsync(HttpClient admin, CancellationToken ct)
    {
        var stamps = HotStampsPerLot + SpareStampsPerLot;
        var lots = new (string LotId, List<string> Serials)[Lots];
        await Parallel.ForEachAsync(Enumerable.Range(0, Lots), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var farm = await BenchApi.SeedLotAsync(admin, Gtin13, LotCode(i), ProductName, stamps, token);
            var issued = await BenchApi.PostAsync(admin, $"/api/v1/lots/{farm.LotId}/stamps", new { count = stamps }, token);
            var serials = issued["serials"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
            if (serials.Count != stamps)
            {
                throw new InvalidOperationException($"Issuing {stamps} stamps listed {serials.Count} serials.");
            }

            lots[i] = (farm.LotId, serials);
        });
        return [.. lots];
    }

    /// <summary>One unit page before the load: it must be the genuine page; answers its bytes.</summary>
    private static async Task<byte[]> CheckUnitPageAsync(HttpClient client, Uri unit, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, unit);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var html = Encoding.UTF8.GetString(bytes);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html" || !html.Contains(ProductName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The unit page {unit} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}:\n{html[..Math.Min(html.Length, 2000)]}");
        }

        return bytes;
    }

    private static long[] Merge(List<LoadResult> results)
    {
        var all = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(all);
        return all;
    }

    private static string Rates(List<LoadResult> results) => string.Join(" / ", results.Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));

    private static string Errors(List<LoadResult> results)
    {
        var merged = results.SelectMany(r => r.Errors).GroupBy(e => e.Key).Select(g => (g.Key, Count: g.Sum(e => e.Value))).ToList();
        return merged.Count == 0 ? "0 errors" : $"{merged.Sum(e => e.Count):N0} errors ({string.Join(", ", merged.Select(e => $"{e.Key} ×{e.Count:N0}"))})";
    }
}
