using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// The public trace page under load: the real app on Kestrel over a durable private PostgreSQL, 32 connections
/// GETting unit pages (each one an upserted scan count) against <c>/health/live</c> on the same server with the same
/// load generator (≥ 0.5× its requests/s, p99 ≤ 20 ms); afterwards the scan counts read back through the API must
/// add up to the successful unit-page requests.
/// </summary>
public static class TraceScenarios
{
    private const int Connections = 32;
    private const int Stamps = 1_000;
    private static readonly int Rounds = Scale.Quick ? 1 : 3;
    private const double RatioTarget = 0.5;
    private const double P99TargetMs = 20;
    private const string Gtin13 = "8931234567897";
    private const string Gtin14 = "0" + Gtin13;
    private const string LotCode = "BENCH-0001";
    private const string ProductName = "Vải thiều Thanh Hà loại 1";

    private static readonly TimeSpan WarmUp = Scale.Of(TimeSpan.FromSeconds(3));
    private static readonly TimeSpan Measured = Scale.Of(TimeSpan.FromSeconds(10));

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(async (connectionString, cpu, ct) => [await MeasureAsync(connectionString, cpu, ct)]);

    private static async Task<Row> MeasureAsync(string connectionString, CpuMeter cpu, CancellationToken ct)
    {
        await using var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        var started = Stopwatch.StartNew();
        app.StartServer();
        Console.Error.WriteLine($"  app on {app.BaseAddress} started in {started.ElapsedMilliseconds} ms");

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
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var admin = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);

        var seeding = Stopwatch.StartNew();
        var (lotId, serials) = await SeedAsync(admin, ct);
        Console.Error.WriteLine($"  seeded a lot with {serials.Count:N0} stamps in {seeding.ElapsedMilliseconds} ms");

        var units = serials.Select(s => new Uri(app.BaseAddress, $"/01/{Gtin14}/10/{Uri.EscapeDataString(LotCode)}/21/{s}")).ToArray();
        var health = new Uri(app.BaseAddress, "/health/live");
        var pageBytes = await CheckUnitPageAsync(client, units[0], ct);
        long unitSuccesses = 1; // the check above counted a scan too

        var load = new Phases(new LoadGenerator(client, Connections), cpu);
        Func<long, Uri> unitPage = i => units[i % units.Length];
        Func<long, Uri> live = _ => health;
        var warmBaseline = await load.RunAsync("warm-up baseline", live, "*/*", WarmUp, ct);
        var warmOurs = await load.RunAsync("warm-up ours", unitPage, "text/html", WarmUp, ct);
        unitSuccesses += warmOurs.Successes;
        var baselines = new List<LoadResult>();
        var ours = new List<LoadResult>();
        for (var round = 1; round <= Rounds && !ct.IsCancellationRequested; round++)
        {
            baselines.Add(await load.RunAsync($"baseline {round}", live, "*/*", Measured, ct));
            var result = await load.RunAsync($"ours {round}", unitPage, "text/html", Measured, ct);
            ours.Add(result);
            unitSuccesses += result.Successes;
        }

        var scanned = await ScanCountsAsync(admin, lotId, ct);
        var exact = scanned == unitSuccesses;
        Console.Error.WriteLine($"  scans read back {scanned:N0}, successful unit-page GETs {unitSuccesses:N0}: {(exact ? "exact" : "MISMATCH")}");

        var oursRate = BenchApi.Median(ours.Select(r => r.RequestsPerSecond));
        var baselineRate = BenchApi.Median(baselines.Select(r => r.RequestsPerSecond));
        var oursLatencies = Merge(ours);
        var baselineLatencies = Merge(baselines);
        var p50 = LoadResult.Percentile(oursLatencies, 50);
        var p99 = LoadResult.Percentile(oursLatencies, 99);
        var ratio = oursRate / baselineRate;
        var allOurs = ours.Prepend(warmOurs).ToList();
        var allBaselines = baselines.Prepend(warmBaseline).ToList();
        return new Row(
            $"trace: unit page (HTML, counting scans), {Connections} connections",
            Row.Invariant($"{oursRate:N0} req/s, p50 {p50:0.0} ms, p99 {p99:0.0} ms"),
            Row.Invariant($"/health/live {baselineRate:N0} req/s, p99 {LoadResult.Percentile(baselineLatencies, 99):0.0} ms"),
            Row.Invariant($"{ratio:0.00}×"),
            Row.Invariant($"≥ {RatioTarget:0.0}; p99 ≤ {P99TargetMs:0} ms"),
            ratio >= RatioTarget && p99 <= P99TargetMs,
            Row.Invariant(
                $"req/s: median of {ours.Count} × {Measured.TotalSeconds:0} s runs, alternating, after {WarmUp.TotalSeconds:0} s warm-up (ours {Rates(ours)}; baseline {Rates(baselines)}), p50/p99 over all measured requests; ")
            + Row.Invariant($"ours {allOurs.Sum(r => r.Requests):N0} requests incl. warm-up, {Errors(allOurs)}, page {pageBytes:N0} B; ")
            + Row.Invariant($"baseline {allBaselines.Sum(r => r.Requests):N0} requests, {Errors(allBaselines)}; ")
            + Row.Invariant($"CPU during ours: this process (app + load generator) {ours.Average(r => r.Cpu?.Process ?? 0):0.00} cores, PostgreSQL {ours.Average(r => r.Cpu?.Postgres ?? 0):0.00} cores; ")
            + Row.Invariant($"scan counts read back {scanned:N0} vs {unitSuccesses:N0} successful unit GETs: {(exact ? "exact" : "MISMATCH")}; durable PostgreSQL"));
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

    /// <summary>A lot with its stamps (see <see cref="BenchApi.SeedLotAsync"/>).</summary>
    private static async Task<(string LotId, IReadOnlyList<string> Serials)> SeedAsync(HttpClient admin, CancellationToken ct)
    {
        var farm = await BenchApi.SeedLotAsync(admin, Gtin13, LotCode, ProductName, Stamps, ct);
        var issued = await BenchApi.PostAsync(admin, $"/api/v1/lots/{farm.LotId}/stamps", new { count = Stamps }, ct);
        var serials = issued["serials"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        if (serials.Count != Stamps)
        {
            throw new InvalidOperationException($"Issuing {Stamps} stamps listed {serials.Count} serials.");
        }

        return (farm.LotId, serials);
    }

    /// <summary>One unit page before the load: it must be the genuine page; answers its size.</summary>
    private static async Task<int> CheckUnitPageAsync(HttpClient client, Uri unit, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, unit);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html" || !html.Contains(ProductName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The unit page {unit} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}:\n{html[..Math.Min(html.Length, 2000)]}");
        }

        return Encoding.UTF8.GetByteCount(html);
    }

    /// <summary>The sum of the lot's stamps' scan counts, read a page of 1,000 at a time through the API.</summary>
    private static async Task<long> ScanCountsAsync(HttpClient admin, string lotId, CancellationToken ct)
    {
        const int pageSize = 1000;
        long sum = 0;
        var seen = 0;
        for (var page = 1; ; page++)
        {
            var answer = await BenchApi.SendAsync(admin, HttpMethod.Get, $"/api/v1/lots/{lotId}/stamps?page={page}&pageSize={pageSize}", null, HttpStatusCode.OK, ct);
            var items = answer["items"]!.AsArray();
            sum += items.Sum(item => item!["scanCount"]!.GetValue<long>());
            seen += items.Count;
            if (items.Count < pageSize || seen >= answer["total"]!.GetValue<int>())
            {
                return sum;
            }
        }
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
