extern alias api;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using api::HaiDuong.Agri.Api.Feeds;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Weasel.Core;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// The Google Merchant XML feed over HTTP for 5,000 and 50,000 listings, against reading the same listing documents with one
/// raw SQL query in the same run (≤ 2× its time), with the managed heap's peak during the request (flat as the count grows:
/// the feed is written as it is read).
/// </summary>
public static class FeedScenarios
{
    private const double RatioTarget = 2.0;
    private static readonly int Runs = Scale.Quick ? 1 : 5;
    private static readonly int[] Sizes = [Scale.Of(5_000), Scale.Of(50_000)];

    public static Task<IReadOnlyList<Row>> RunAsync() => BenchDatabase.RunAsync(MeasureAsync);

    private static async Task<IReadOnlyList<Row>> MeasureAsync(string connectionString, CpuMeter cpu, CancellationToken ct)
    {
        await using var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        app.StartServer();
        using var admin = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        var rows = new List<Row>();
        var peaks = new List<long>();
        foreach (var size in Sizes)
        {
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ListingFeedEntry), ct);
            await store.BulkInsertDocumentsAsync(Entries(size), BulkInsertMode.InsertsOnly, 5_000, ct);
            // Warm-up (compiled query, tiered JIT, connection pool), then the median of a few runs of each.
            for (var i = 0; i < Runs; i++)
            {
                await FetchAsync(admin, ct);
            }

            var baselines = new List<Fetch>();
            var runs = new List<Fetch>();
            for (var i = 0; i < Runs; i++)
            {
                baselines.Add(await RawReadAsync(dataSource, ct));
                runs.Add(await FetchAsync(admin, ct));
            }

            var baseline = baselines.OrderBy(f => f.Time).ElementAt(Runs / 2);
            var ours = runs.OrderBy(f => f.Time).ElementAt(Runs / 2) with { PeakHeapGrowth = runs.Max(f => f.PeakHeapGrowth) };
            peaks.Add(ours.PeakHeapGrowth);
            var ratio = ours.Time / baseline.Time;
            rows.Add(new Row(
                Row.Invariant($"feed Google XML {size:N0}"),
                Row.Seconds(ours.Time),
                Row.Seconds(baseline.Time) + " raw SQL",
                Row.Invariant($"{ratio:0.00}×"),
                size == Sizes[^1] ? Row.Invariant($"≤ {RatioTarget}×") : "report (the target is at the full size)",
                size != Sizes[^1] || ratio <= RatioTarget,
                Row.Invariant($"median of {Runs}; {Row.Megabytes(ours.Bytes)} written; heap peak +{Row.Megabytes(ours.PeakHeapGrowth)}; {baseline.Bytes / 1024 / 1024} MB of JSON read")));
        }

        rows.Add(new Row(
            Row.Invariant($"feed memory {Sizes[0]:N0} → {Sizes[1]:N0}"),
            Row.Invariant($"+{Row.Megabytes(peaks[0])} → +{Row.Megabytes(peaks[1])}"),
            "—",
            Row.Invariant($"{(double)peaks[1] / Math.Max(1, peaks[0]):0.0}×"),
            "flat (< 2×)",
            peaks[1] < 2 * Math.Max(peaks[0], 8 * 1024 * 1024),
            "managed heap growth during the request, sampled every 5 ms"));
        return rows;
    }

    private static IEnumerable<ListingFeedEntry> Entries(int count)
    {
        var at = Instant.FromUtc(2026, 6, 5, 1, 0);
        for (var i = 1; i <= count; i++)
        {
            yield return new ListingFeedEntry
            {
                Id = Guid.CreateVersion7(),
                Sequence = i,
                SellerSku = "AGRI-" + i.ToString("D32", CultureInfo.InvariantCulture),
                Title = $"Vải thiều Thanh Hà loại 1 — hộp 2 kg #{i}",
                Description = "Vải thiều chín cây, hái sáng sớm, đóng hộp tại HTX. Giao trong 24 giờ trong nội thành Hà Nội và Hải Phòng.",
                PriceVnd = 45_000 + (i % 50 * 1000),
                Stock = i % 7,
                ImageUrl = $"https://img.example.vn/vai/{i}.jpg",
                Gtin = "08931234567897",
                LotCode = "LOT" + (i % 500).ToString("D4", CultureInfo.InvariantCulture),
                Brand = "HTX Vải thiều Thanh Hà",
                UpdatedAt = at,
            };
        }
    }

    private sealed record Fetch(TimeSpan Time, long Bytes, long PeakHeapGrowth);

    private static async Task<Fetch> FetchAsync(HttpClient admin, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false) - before);
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);

        var started = Stopwatch.StartNew();
        using var response = await admin.GetAsync("/feeds/google-merchant.xml", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            bytes += read;
        }

        var time = started.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        return new Fetch(time, bytes, peak);
    }

    private static async Task<Fetch> RawReadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand("select data::text from agri.mt_doc_listingfeedentry where not (data->>'delisted')::boolean order by (data->>'sequence')::bigint");
        await using var reader = await command.ExecuteReaderAsync(ct);
        long bytes = 0;
        while (await reader.ReadAsync(ct))
        {
            bytes += reader.GetString(0).Length;
        }

        return new Fetch(started.Elapsed, bytes, 0);
    }
}
