extern alias api;
using System.Diagnostics;
using api::HaiDuong.Agri.Api;
using api::HaiDuong.Agri.Api.Batches;
using api::HaiDuong.Agri.Api.Feeds;
using api::HaiDuong.Agri.Api.Infrastructure.Marten;
using api::HaiDuong.Agri.Api.Statistics;
using HaiDuong.Agri.Domain.Batches;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// Rebuilding every projection (inline and async) over 1,000,000 events — 20,000 batches of 50 farm steps, bulk-loaded —
/// against reading the same events in order with one raw SQL query. Reports events/s; there is no target ratio.
/// </summary>
public static class RebuildScenarios
{
    private const int EventsPerBatch = 50;
    private static readonly int Batches = Scale.Of(20_000);

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(async (connectionString, _, ct) => [await MeasureAsync(connectionString, ct)]);

    private static async Task<Row> MeasureAsync(string connectionString, CancellationToken ct)
    {
        // The store as the app configures it, without the app's hosted daemon (a rebuild runs its own).
        var services = new ServiceCollection().AddLogging();
        services.AddAgriStore(connectionString, AgriModules.All);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var loading = Stopwatch.StartNew();
        for (var first = 0; first < Batches; first += 1_000)
        {
            var actions = Enumerable.Range(first, Math.Min(1_000, Batches - first))
                .Select(i => StreamAction.Start((IEventRegistry)store.Options.Events, Guid.CreateVersion7(), Batch(i)))
                .ToList();
            await store.BulkInsertEventsAsync(actions, 5_000, ct);
        }

        var events = (long)Batches * EventsPerBatch;
        Console.Error.WriteLine($"  bulk-loaded {events:N0} events in {loading.ElapsedMilliseconds:N0} ms");
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        await using (var analyze = dataSource.CreateCommand("analyze"))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var baseline = Stopwatch.StartNew();
        long bytes = 0;
        await using (var read = dataSource.CreateCommand($"select type, data::text from {MartenSetup.Schema}.mt_events order by seq_id"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                bytes += reader.GetString(1).Length;
            }
        }

        baseline.Stop();
        // The batch read models the events feed, and the async projections (which read past events of no interest to them).
        Type[] projections =
        [
            typeof(BatchDetailsProjection), typeof(BatchTimelineProjection), typeof(ListingFeedProjection), typeof(CommuneStatisticsProjection),
        ];
        using var daemon = await store.BuildProjectionDaemonAsync();
        var ours = Stopwatch.StartNew();
        foreach (var projection in projections)
        {
            await daemon.RebuildProjectionAsync(projection, ct);
        }

        ours.Stop();
        var rate = events / ours.Elapsed.TotalSeconds;
        var baselineRate = events / baseline.Elapsed.TotalSeconds;
        return new Row(
            Row.Invariant($"rebuild: {projections.Length} projections over {events:N0} events"),
            Row.Invariant($"{rate:N0} events/s"),
            Row.Invariant($"{baselineRate:N0} events/s raw SQL read"),
            Row.Invariant($"{rate / baselineRate:0.00}×"),
            "report",
            true,
            Row.Invariant($"{Row.Seconds(ours.Elapsed)} against {Row.Seconds(baseline.Elapsed)} ({bytes / 1024 / 1024} MB of JSON); {string.Join(", ", projections.Select(p => p.Name.Replace("Projection", "", StringComparison.Ordinal)))}"));
    }

    /// <summary>A season of one batch: started, planted, 40 activities, 8 fertiliser rounds, harvested.</summary>
    private static object[] Batch(int i)
    {
        var at = Instant.FromUtc(2026, 1, 10, 1, 0);
        var area = Guid.CreateVersion7();
        var events = new List<object>
        {
            new BatchStarted(Guid.CreateVersion7(), area, Guid.CreateVersion7(), null, "vải thiều", "Thanh Hà", "2026", null, at),
            new BatchPlanted(Guid.CreateVersion7(), new LocalDate(2026, 1, 15), "Vườn ươm Thanh Hà", null, null, null, at, at, null),
        };
        for (var a = 0; a < 40; a++)
        {
            var when = at.Plus(Duration.FromHours(20 * (a + 10)));
            events.Add(new ActivityRecorded(Guid.CreateVersion7(), (HaiDuong.Agri.Domain.Batches.ActivityKind)(a % 3), "Tưới nhỏ giọt buổi sáng", when, when, null));
        }

        for (var f = 0; f < EventsPerBatch - 43; f++)
        {
            events.Add(new InputApplied(
                Guid.CreateVersion7(), InputKind.Fertilizer, "NPK 16-16-8", null, 2.5m, "kg/gốc", new LocalDate(2026, 4, 10 + f), null, null, null, at, at, null));
        }

        events.Add(new BatchHarvested(Guid.CreateVersion7(), new LocalDate(2026, 6, 3), 500 + (i % 100), null, at, at, null));
        return [.. events];
    }
}
