using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Common;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// Scans per day and commune (the household's), for the province's statistics. A scan's own statement is untouched (the
/// stamp's tally in <see cref="ScanCounter"/> stays exact and durable): a counted scan adds one to this instance's tally in
/// memory — a dictionary increment, no I/O on the hot path — and every <c>Agri:Trace:ScanDaysFlushInterval</c> (default
/// 5 s) one statement adds what was tallied to <c>agri.scan_days</c>: one row per commune and day, and one per day for the
/// whole province (commune <c>""</c>), so a year of the province or of a commune is one index range of at most 366 rows.
/// Reads add this instance's tallies not yet written; other instances' show after their next flush. Flushed on a clean
/// stop; a crash loses at most one interval of this instance's per-day counts.
/// </summary>
public sealed class ScanDays(NpgsqlDataSource dataSource, IClock clock)
{
    public const string Table = MartenSetup.Schema + ".scan_days";

    /// <summary>The rows of the whole province (every commune, and scans of a lot whose household's commune is unknown).</summary>
    public const string Province = "";

    private readonly ConcurrentDictionary<(LocalDate Day, string Commune), StrongBox<long>> pending = new();

    public static void ConfigureStore(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, "scan_days", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("commune_code").AsPrimaryKey();
        table.AddColumn("day", "date").AsPrimaryKey();
        table.AddColumn<long>("scans").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>One counted scan of a stamp of a household in <paramref name="communeCode"/> (<c>""</c> when unknown), on <paramref name="day"/>.</summary>
    public void Count(LocalDate day, string communeCode) =>
        Interlocked.Increment(ref pending.GetOrAdd((day, communeCode), _ => new StrongBox<long>()).Value);

    /// <summary>Adds the tallies counted since the last flush to the table, in one statement; kept for the next one if it fails.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var taken = new List<(LocalDate Day, string Commune, long Scans)>();
        var forgetBefore = FieldTime.Today(clock.GetCurrentInstant()).PlusDays(-2);
        foreach (var (key, box) in pending)
        {
            var scans = Interlocked.Exchange(ref box.Value, 0);
            if (scans > 0)
            {
                taken.Add((key.Day, key.Commune, scans));
            }
            else if (key.Day < forgetBefore)
            {
                pending.TryRemove(new KeyValuePair<(LocalDate, string), StrongBox<long>>(key, box));
            }
        }

        if (taken.Count == 0)
        {
            return;
        }

        var rows = taken.Where(t => t.Commune != Province)
            .Concat(taken.GroupBy(t => t.Day).Select(d => (Day: d.Key, Commune: Province, Scans: d.Sum(t => t.Scans))))
            .ToList();

        try
        {
            await using var command = dataSource.CreateCommand(
                $"""
                insert into {Table} as t (day, commune_code, scans)
                select * from unnest($1::date[], $2::text[], $3::bigint[])
                on conflict (day, commune_code) do update set scans = t.scans + excluded.scans
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(t => t.Day).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(t => t.Commune).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(t => t.Scans).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            foreach (var (day, commune, scans) in taken)
            {
                Interlocked.Add(ref pending.GetOrAdd((day, commune), _ => new StrongBox<long>()).Value, scans);
            }

            throw;
        }
    }

    /// <summary>Scans per day from <paramref name="from"/> to <paramref name="to"/> (both included), in one commune or the province; days without scans are absent.</summary>
    public async Task<IReadOnlyDictionary<LocalDate, long>> PerDayAsync(LocalDate from, LocalDate to, string? communeCode, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select day, scans from {Table} where commune_code = $1 and day between $2 and $3");
        command.Parameters.Add(new NpgsqlParameter { Value = communeCode ?? Province });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var days = new Dictionary<LocalDate, long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                days[reader.GetFieldValue<LocalDate>(0)] = reader.GetInt64(1);
            }
        }

        foreach (var (key, box) in pending)
        {
            var scans = Interlocked.Read(ref box.Value);
            if (scans > 0 && key.Day >= from && key.Day <= to && (communeCode is null || (communeCode != Province && key.Commune == communeCode)))
            {
                days[key.Day] = days.GetValueOrDefault(key.Day) + scans;
            }
        }

        return days;
    }
}

/// <summary>Writes <see cref="ScanDays"/> tallies every <c>Agri:Trace:ScanDaysFlushInterval</c>, and once more when the app stops.</summary>
public sealed partial class ScanDaysFlusher(ScanDays days, IOptions<TraceOptions> options, ILogger<ScanDaysFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScanDaysFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await FlushAsync(timeout.Token);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await days.FlushAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scans per day could not be written; they are kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
