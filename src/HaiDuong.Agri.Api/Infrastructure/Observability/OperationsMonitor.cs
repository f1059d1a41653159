using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Listings.Sync;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Observability;

/// <summary><c>Agri:Operations:SampleInterval</c> (default 15 s) and <c>Agri:Operations:StallAfter</c> (default 2 minutes).</summary>
public sealed class OperationsOptions
{
    /// <summary>How often the daemon's progress and the sync ledger are sampled.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a projection may stay behind without advancing before it counts as stalled.</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>One projection or subscription shard: where it is, how far behind, and since when it has not moved.</summary>
public sealed record ShardProgress(string Name, long Sequence, long Lag, Instant LastAdvanced, bool Stalled);

/// <summary>What the last sample saw.</summary>
public sealed record OperationsSample(
    Instant At,
    long NewestEvent,
    long HighWaterMark,
    Instant HighWaterLastAdvanced,
    bool HighWaterStalled,
    IReadOnlyList<ShardProgress> Shards,
    long SyncDue,
    long Parked,
    long DeadLetters)
{
    public static readonly OperationsSample None = new(Instant.MinValue, 0, 0, Instant.MinValue, false, [], 0, 0, 0);

    public bool Sampled => At != Instant.MinValue;
}

/// <summary>
/// Samples, every <see cref="OperationsOptions.SampleInterval"/>, where the async daemon's projections and subscriptions
/// are (Marten's progression rows) against the newest event, and the sync ledger's queue: the daemon health check and the
/// operator's gauges read the latest sample, so a scrape or a health probe never queries the database itself.
/// A shard is stalled when it is behind and has not advanced for <see cref="OperationsOptions.StallAfter"/>; the high-water
/// mark is stalled when events exist beyond it and it has not advanced for as long (Marten's known gap stalls).
/// </summary>
public sealed partial class OperationsMonitor(
    IDocumentStore store, NpgsqlDataSource dataSource, IClock clock, IOptions<OperationsOptions> options, ILogger<OperationsMonitor> logger)
    : BackgroundService
{
    private const string HighWaterShard = "HighWaterMark";
    private readonly Dictionary<string, (long Sequence, Instant Since)> seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim sampling = new(1, 1);

    public OperationsSample Latest { get; private set; } = OperationsSample.None;

    public TimeSpan StallAfter => options.Value.StallAfter;

    /// <summary>Takes a sample now (the background loop calls this; an admin's status request too).</summary>
    public async Task<OperationsSample> SampleAsync(CancellationToken ct)
    {
        await sampling.WaitAsync(ct);
        try
        {
            var now = clock.GetCurrentInstant();
            var stallAfter = Duration.FromTimeSpan(options.Value.StallAfter);
            var progress = await store.Advanced.AllProjectionProgress(token: ct);
            var newest = await NewestEventAsync(ct);
            var highWater = progress.FirstOrDefault(p => p.ShardName == HighWaterShard)?.Sequence ?? 0;
            var (highWaterSince, highWaterStalled) = Track(HighWaterShard, highWater, newest - highWater, now, stallAfter);
            var shards = progress
                .Where(p => p.ShardName != HighWaterShard)
                .OrderBy(p => p.ShardName, StringComparer.Ordinal)
                .Select(p =>
                {
                    var lag = Math.Max(0, newest - p.Sequence);
                    var (since, stalled) = Track(p.ShardName, p.Sequence, lag, now, stallAfter);
                    return new ShardProgress(p.ShardName, p.Sequence, lag, since, stalled);
                })
                .ToList();
            var (due, parked, dead) = await SyncLedger.CountsAsync(dataSource, ct);
            Latest = new OperationsSample(now, newest, highWater, highWaterSince, highWaterStalled, shards, due, parked, dead);
            return Latest;
        }
        finally
        {
            sampling.Release();
        }
    }

    /// <summary>When the shard last moved, and whether it is behind without having moved for the stall time.</summary>
    private (Instant Since, bool Stalled) Track(string shard, long sequence, long lag, Instant now, Duration stallAfter)
    {
        if (!seen.TryGetValue(shard, out var last) || last.Sequence != sequence || lag == 0)
        {
            // Moved, caught up, or first seen: the clock for "not advancing while behind" starts (again) now.
            seen[shard] = (sequence, now);
            return (now, false);
        }

        return (last.Since, now - last.Since >= stallAfter);
    }

    /// <summary>
    /// The newest event's sequence: the value the event sequence last handed out. Read-only, from the sequence Marten
    /// numbers events with — Marten's statistics API would count every event to give the same number.
    /// </summary>
    private async Task<long> NewestEventAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select case when is_called then last_value else 0 end from {MartenSetup.Schema}.mt_events_sequence");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval);
        do
        {
            try
            {
                var sample = await SampleAsync(stoppingToken);
                foreach (var shard in sample.Shards.Where(s => s.Stalled))
                {
                    LogStalled(logger, shard.Name, shard.Lag, shard.LastAdvanced);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting or the schema not created yet: the next tick tries again.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection or subscription {Shard} is {Lag} events behind and has not advanced since {Since}")]
    private static partial void LogStalled(ILogger logger, string shard, long lag, Instant since);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sampling the daemon's progress and the sync ledger failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
