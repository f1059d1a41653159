using System.Diagnostics;
using System.Globalization;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// A closed-loop HTTP load generator: a fixed number of workers, each sending its next GET as soon as the previous
/// answer has been read to the end, until the phase's time is up (an in-flight request is finished, never cancelled,
/// so every request the server saw is accounted for) or its request budget is spent.
/// </summary>
public sealed class LoadGenerator(HttpClient client, int workers)
{
    /// <summary>Per phase, across all workers: bounds memory for latencies if the server were unexpectedly fast.</summary>
    public const int MaxRequestsPerPhase = 4_000_000;

    /// <summary>A request still unanswered this long after the phase ended is abandoned (and counted as an error).</summary>
    public static readonly TimeSpan Straggling = TimeSpan.FromSeconds(30);

    public async Task<LoadResult> RunAsync(string name, Func<long, Uri> target, string accept, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(duration + Straggling);
        var perWorker = MaxRequestsPerPhase / workers;
        long sequence = -1;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var worker = new WorkerResult(perWorker);
            var buffer = new byte[16 * 1024];
            while (worker.Latencies.Count < perWorker && Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var uri = target(Interlocked.Increment(ref sequence));
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    request.Headers.TryAddWithoutValidation("Accept", accept);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, hardStop.Token);
                    await using var body = await response.Content.ReadAsStreamAsync(hardStop.Token);
                    int read;
                    while ((read = await body.ReadAsync(buffer, hardStop.Token)) > 0)
                    {
                        worker.Bytes += read;
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        worker.Successes++;
                    }
                    else
                    {
                        worker.Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    worker.Error(e.GetType().Name);
                }

                worker.Latencies.Add(Stopwatch.GetTimestamp() - sent);
            }

            return worker;
        }, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(start);

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        var errors = results.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value), StringComparer.Ordinal);
        return new LoadResult(name, elapsed, latencies, results.Sum(r => r.Successes), errors, results.Sum(r => r.Bytes));
    }

    private sealed class WorkerResult(int capacity)
    {
        public List<long> Latencies { get; } = new(Math.Min(capacity, 1 << 17));

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public long Successes { get; set; }

        public long Bytes { get; set; }

        public void Error(string kind) => Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
    }
}

/// <summary>One phase's outcome; latencies are sorted Stopwatch ticks, one per request (successful or not).</summary>
public sealed record LoadResult(string Name, TimeSpan Elapsed, long[] Latencies, long Successes, IReadOnlyDictionary<string, long> Errors, long Bytes)
{
    /// <summary>Cores used during the phase by this process (app and load generator) and by PostgreSQL, when measured.</summary>
    public (double Process, double Postgres)? Cpu { get; init; }

    public long Requests => Latencies.Length;

    public long ErrorCount => Errors.Values.Sum();

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double Milliseconds(double percentile) => Percentile(Latencies, percentile);

    public string ErrorSummary => ErrorCount == 0
        ? "0 errors"
        : $"{ErrorCount:N0} errors ({string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value:N0}"))})";

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    public static double Percentile(long[] sortedTicks, double percentile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sortedTicks.Length);
        return sortedTicks[Math.Clamp(rank - 1, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: {Requests:N0} requests in {Elapsed.TotalSeconds:0.00} s = {RequestsPerSecond:N0}/s, p50 {Milliseconds(50):0.00} ms, p99 {Milliseconds(99):0.00} ms, max {Milliseconds(100):0.0} ms, {ErrorSummary}{(Cpu is { } cpu ? $"; CPU: this process {cpu.Process:0.00} cores, PostgreSQL {cpu.Postgres:0.00} cores" : "")}");
}
