using HaiDuong.Agri.Api.Infrastructure.Marten;
using Marten;
using Npgsql;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>
/// The statistics projections' documents — every commune's <see cref="CommuneStatistics"/> and every
/// <see cref="MonthStatistics"/> — as this instance last read them, with the projections' progress they were read at.
/// Only the async daemon writes them, and it commits a batch's documents with its progress row in one transaction, so the
/// progress is their version: a read compares it (one row-sized query) and reloads only when the daemon has moved on.
/// A dashboard view or <c>GET /api/v1/stats</c> between two daemon batches deserializes nothing.
/// </summary>
public sealed class StatisticsSnapshots(IDocumentStore store, NpgsqlDataSource dataSource)
{
    /// <summary>The progress rows of the two projections (Marten names a projection's single shard <c>{name}:All</c>).</summary>
    public static readonly string[] ProgressNames = [$"{nameof(CommuneStatistics)}:All", $"{nameof(MonthStatistics)}:All"];

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>The documents as of <see cref="Version"/> (or later: a snapshot is never older than its version).</summary>
    public sealed record Snapshot(string Version, IReadOnlyList<CommuneStatistics> Communes, IReadOnlyDictionary<string, MonthStatistics> Months);

    /// <summary>The projections' progress now: one short string, changed by every daemon batch that touched either.</summary>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select coalesce(string_agg(name || '=' || last_seq_id, ',' order by name), '') from {MartenSetup.Schema}.mt_event_progression where name = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ProgressNames });
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The documents at <paramref name="version"/> (read by <see cref="VersionAsync"/> before): the kept snapshot when it has
    /// that version, else read once (concurrent readers of a new version wait for one load). Loaded after the version was
    /// read, a snapshot is at least as new as it; a later version simply loads again.
    /// </summary>
    public async Task<Snapshot> AtAsync(string version, CancellationToken ct)
    {
        if (current is { } kept && kept.Version == version)
        {
            return kept;
        }

        await loading.WaitAsync(ct);
        try
        {
            if (current is { } loaded && loaded.Version == version)
            {
                return loaded;
            }

            await using var session = store.QuerySession();
            var batch = session.CreateBatchQuery();
            var communes = batch.Query<CommuneStatistics>().OrderBy(c => c.Id).ToList();
            var months = batch.Query<MonthStatistics>().ToList();
            await batch.Execute(ct);
            var snapshot = new Snapshot(version, await communes, (await months).ToDictionary(m => m.Id, StringComparer.Ordinal));
            current = snapshot;
            return snapshot;
        }
        finally
        {
            loading.Release();
        }
    }
}
