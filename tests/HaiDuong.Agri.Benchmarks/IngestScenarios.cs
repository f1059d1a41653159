using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HaiDuong.Agri.Domain.Batches;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// Offline upload: 100,000 steps over 2,000 batches sent through <c>steps:bulk</c> (HTTP to the app on Kestrel, validation,
/// decisions, idempotent client step ids, inline projections) against appending the same events to as many streams with
/// Marten directly (inline projections too), same parallelism, same database (≥ 0.5× its events/s).
/// </summary>
public static class IngestScenarios
{
    private const int StepsPerBatch = 50;
    private const int Writers = 8;
    private const double RatioTarget = 0.5;
    private static readonly int Batches = Scale.Of(2_000);

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(async (connectionString, _, ct) => [await MeasureAsync(connectionString, ct)]);

    private static async Task<Row> MeasureAsync(string connectionString, CancellationToken ct)
    {
        await using var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort());
        app.StartServer();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Writers, UseProxy = false };
        using var admin = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);
        var lot = await BenchApi.SeedLotAsync(admin, "8931234567897", "BENCH-INGEST", "Vải thiều", 1, ct);
        var area = (await BenchApi.SendAsync(admin, HttpMethod.Get, $"/api/v1/lots/{lot.LotId}", null, System.Net.HttpStatusCode.OK, ct))["growingAreaId"]!.GetValue<string>();

        var batchIds = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Batches), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = ct }, async (_, token) =>
            batchIds.Add(BenchApi.Id(await BenchApi.PostAsync(admin, "/api/v1/batches", new { growingAreaId = area, crop = "vải thiều" }, token))));

        var ours = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batchIds, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = ct }, async (id, token) =>
        {
            var answer = await BenchApi.SendAsync(admin, HttpMethod.Post, $"/api/v1/batches/{id}/steps:bulk", new { steps = Steps(id) }, System.Net.HttpStatusCode.OK, token);
            if (answer["applied"]?.GetValue<int>() is { } applied && applied != StepsPerBatch)
            {
                throw new InvalidOperationException($"Batch {id}: {applied} of {StepsPerBatch} steps applied: {answer.ToJsonString()[..Math.Min(500, answer.ToJsonString().Length)]}");
            }
        });
        ours.Stop();

        // The baseline appends exactly the events the API stored, to fresh streams started the same way.
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var recorded = new List<(BatchStarted Started, object[] Steps)>();
        await using (var query = store.QuerySession())
        {
            foreach (var id in batchIds)
            {
                var stream = await query.Events.FetchStreamAsync(Guid.Parse(id), token: ct);
                recorded.Add(((BatchStarted)stream[0].Data, stream.Skip(1).Select(e => e.Data).ToArray()));
            }
        }

        var streams = new List<(Guid Id, object[] Steps)>();
        foreach (var (started, steps) in recorded)
        {
            var id = Guid.CreateVersion7();
            await using var session = store.LightweightSession();
            session.Events.StartStream<Batch>(id, started with { BatchId = id });
            await session.SaveChangesAsync(ct);
            streams.Add((id, steps));
        }

        var baseline = Stopwatch.StartNew();
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = ct }, async (stream, token) =>
        {
            await using var session = store.LightweightSession();
            session.Events.Append(stream.Id, stream.Steps);
            await session.SaveChangesAsync(token);
        });
        baseline.Stop();

        var events = recorded.Sum(r => r.Steps.Length);
        var oursRate = events / ours.Elapsed.TotalSeconds;
        var baselineRate = events / baseline.Elapsed.TotalSeconds;
        var ratio = oursRate / baselineRate;
        return new Row(
            Row.Invariant($"ingest: {events:N0} steps over {Batches:N0} batches, steps:bulk"),
            Row.Invariant($"{oursRate:N0} events/s"),
            Row.Invariant($"{baselineRate:N0} events/s Marten append"),
            Row.Invariant($"{ratio:0.00}×"),
            Row.Invariant($"≥ {RatioTarget}×"),
            ratio >= RatioTarget,
            Row.Invariant($"{Writers} writers; ours {Row.Seconds(ours.Elapsed)}, baseline {Row.Seconds(baseline.Elapsed)}; inline projections in both"));
    }

    private static object[] Steps(string batchId)
    {
        var steps = new List<object> { new { type = "planting", plantedOn = "2026-01-15", clientStepId = $"{batchId}-plant" } };
        for (var i = 0; i < StepsPerBatch - 10; i++)
        {
            steps.Add(new
            {
                type = "activity",
                kind = i % 3 == 0 ? "irrigation" : i % 3 == 1 ? "weeding" : "observation",
                occurredAt = Instant(new DateTime(2026, 2, 1, 1, 0, 0, DateTimeKind.Utc).AddHours(i * 20)),
                notes = "Tưới nhỏ giọt buổi sáng",
                clientStepId = $"{batchId}-a{i}",
            });
        }

        for (var i = 0; i < 8; i++)
        {
            steps.Add(new
            {
                type = "input",
                kind = "fertilizer",
                productName = "NPK 16-16-8",
                dose = 2.5,
                unit = "kg/gốc",
                appliedOn = $"2026-04-{10 + i:00}",
                clientStepId = $"{batchId}-f{i}",
            });
        }

        steps.Add(new { type = "harvest", harvestedOn = "2026-06-03", quantityKg = 500, clientStepId = $"{batchId}-h" });
        return [.. steps];
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
