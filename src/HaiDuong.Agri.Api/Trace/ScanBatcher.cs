using System.Threading.Channels;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>What one trace lookup asks of the database: a stamp of a lot (counting a scan or not), or the lot alone.</summary>
public sealed record ScanRequest(Guid LotId, string? Serial, bool Count);

/// <summary>
/// What the database answered for one <see cref="ScanRequest"/>: the stamp (null when the lot has no such serial, or none was
/// asked), and the versions of the lot's trace data and of the registers (<see cref="TraceVersions"/>).
/// </summary>
public sealed record ScanAnswer(StampScan? Stamp, long LotVersion, long RegistersVersion);

/// <summary>
/// Group commit of trace lookups. Concurrent requests (of all lots) wait in a bounded queue; a writer takes what is queued
/// — up to <c>Agri:Trace:ScanBatchSize</c>, after waiting at most <c>Agri:Trace:ScanBatchWindow</c> for more — and answers
/// them all with one statement: the stamps found, their counts upserted (one row change per stamp, however often it is in
/// the batch), and the lots' trace versions. Each request awaits its own batch's commit, so the count and first-scan time
/// it shows are durable and exact, also with several instances on one database; within a batch, a stamp's scans are
/// numbered in the order they were queued. A failed batch commits nothing and fails each of its requests (503, retry); a
/// full queue (<c>Agri:Trace:ScanQueueLimit</c>) is refused at once. On a clean stop, what is queued is written first.
/// </summary>
public sealed partial class ScanBatcher : IHostedService
{
    private readonly NpgsqlDataSource dataSource;
    private readonly IClock clock;
    private readonly TraceOptions options;
    private readonly ILogger<ScanBatcher> logger;
    private readonly Channel<Pending> queue;
    // Never disposed: it has no timer, and a host may stop its services after disposing the container's singletons.
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> writers = [];

    public ScanBatcher(NpgsqlDataSource dataSource, IClock clock, IOptions<TraceOptions> options, ILogger<ScanBatcher> logger)
    {
        this.dataSource = dataSource;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(this.options.ScanQueueLimit)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once: nothing waits for room
            SingleReader = false,
            SingleWriter = false,
        });
    }

    public const string BusyCode = "trace-busy";

    /// <summary>The answer to <paramref name="request"/>, once the batch it joined is committed.</summary>
    /// <exception cref="ProblemException">503: the queue is full, or the batch failed (nothing of it was counted).</exception>
    public Task<ScanAnswer> LookUpAsync(ScanRequest request)
    {
        var pending = new Pending(request);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ProblemException(
                StatusCodes.Status503ServiceUnavailable, BusyCode, "Too many scans at this moment",
                "Too many codes are being looked up at once; nothing was counted. Try again in a second.")
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
            };
        }

        return pending.Answer.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.ScanBatchesInFlight; i++)
        {
            writers.Add(Task.Run(WriteAsync, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses new lookups, then writes what is queued (without waiting for batch windows).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var reader = queue.Reader;
        var batch = new List<Pending>(options.ScanBatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            Drain(reader, batch);
            if (batch.Count < options.ScanBatchSize && options.ScanBatchWindow > TimeSpan.Zero && !stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(options.ScanBatchWindow, stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: write now.
                }

                Drain(reader, batch);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private void Drain(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (batch.Count < options.ScanBatchSize && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            var answers = await RunAsync(batch.Select(p => p.Request).ToList(), clock.GetCurrentInstant());
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(answers[i]);
            }
        }
        catch (Exception e)
        {
            LogBatchFailed(logger, batch.Count, e);
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(Problems.Unavailable());
            }
        }
    }

    /// <summary>The batch's statement: answers in the order of <paramref name="requests"/>.</summary>
    private async Task<ScanAnswer[]> RunAsync(List<ScanRequest> requests, Instant now)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            with req as (
              select * from unnest($1::uuid[], $2::text[], $3::boolean[]) with ordinality as r(lot_id, serial, counts, i)),
            found as (
              select r.i, r.counts, s.serial, s.voided_at from req r
              join lateral (
                select serial, voided_at from {StampRegister.Table} s
                 where s.serial in (r.serial, upper(r.serial)) and s.lot_id = r.lot_id
                 order by s.serial = r.serial desc limit 1) s on true),
            adds as (
              select serial, count(*) filter (where counts and voided_at is null) as n from found group by serial),
            counted as (
              insert into {ScanCounter.Table} as t (serial, count, first_scanned_at, last_scanned_at)
              select serial, n, $4, $4 from adds where n > 0 order by serial
              on conflict (serial) do update set count = t.count + excluded.count, last_scanned_at = excluded.last_scanned_at
              returning t.serial, t.count, t.first_scanned_at)
            select r.i, f.serial, f.voided_at, coalesce(c.count, t.count, 0), coalesce(c.first_scanned_at, t.first_scanned_at),
                   coalesce(v.version, 0), coalesce(g.version, 0)
              from req r
              left join found f on f.i = r.i
              left join counted c on c.serial = f.serial
              left join {ScanCounter.Table} t on t.serial = f.serial
              left join {TraceVersions.Table} v on v.lot_id = r.lot_id
              left join {TraceVersions.Table} g on g.lot_id = $5
             order by r.i
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.LotId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Serial).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = TraceVersions.Registers });

        var rows = new (string? Serial, Instant? VoidedAt, long Count, Instant? First, long LotVersion, long Registers)[requests.Count];
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                rows[reader.GetInt64(0) - 1] = (
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<Instant>(2),
                    reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4),
                    reader.GetInt64(5),
                    reader.GetInt64(6));
            }
        }

        // The row holds a stamp's count after the whole batch: the scans counted in it are numbered in queue order, so each
        // request shows the count its own scan made (one that counts nothing shows the count after the batch).
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (request, row) in requests.Zip(rows))
        {
            if (row.Serial is { } serial && request.Count && row.VoidedAt is null)
            {
                counted[serial] = counted.GetValueOrDefault(serial) + 1;
            }
        }

        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var answers = new ScanAnswer[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var (request, row) = (requests[i], rows[i]);
            StampScan? stamp = null;
            if (row.Serial is { } serial)
            {
                var count = row.Count;
                if (request.Count && row.VoidedAt is null)
                {
                    var k = seen[serial] = seen.GetValueOrDefault(serial) + 1;
                    count = row.Count - counted[serial] + k;
                }

                stamp = new StampScan(row.VoidedAt, new ScanTally(count, row.First)) { Serial = serial };
            }

            answers[i] = new ScanAnswer(stamp, row.LotVersion, row.Registers);
        }

        return answers;
    }

    private sealed class Pending(ScanRequest request)
    {
        public ScanRequest Request { get; } = request;

        public TaskCompletionSource<ScanAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} trace lookups failed; each was answered 503 and none was counted")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
