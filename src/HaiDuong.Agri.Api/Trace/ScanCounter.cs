using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Lots;
using Marten;
using NodaTime;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>How often a stamp has been scanned, and when first.</summary>
public sealed record ScanTally(long Count, Instant? FirstScannedAt)
{
    public static readonly ScanTally None = new(0, null);
}

/// <summary>A stamp as a scan finds it: voided or not, and its tally; <see cref="Serial"/> as issued (a serial typed in the wrong case finds it).</summary>
public sealed record StampScan(Instant? VoidedAt, ScanTally Tally)
{
    public string? Serial { get; init; }
}

/// <summary>
/// Scan counts in a table of their own (one row per scanned stamp, counted by <see cref="ScanBatcher"/>'s atomic upserts):
/// exact under any number of parallel scans, and a scan never touches — or waits on — the lot's or batch's event stream.
/// </summary>
public sealed class ScanCounter(NpgsqlDataSource dataSource)
{
    public const string Table = MartenSetup.Schema + ".stamp_scans";

    public static void ConfigureStore(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, "stamp_scans", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("serial").AsPrimaryKey();
        table.AddColumn<long>("count").NotNull();
        table.AddColumn("first_scanned_at", "timestamp with time zone").NotNull();
        table.AddColumn("last_scanned_at", "timestamp with time zone").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>The tallies of these stamps (absent ones were never scanned).</summary>
    public async Task<IReadOnlyDictionary<string, ScanTally>> TalliesAsync(IReadOnlyCollection<string> serials, CancellationToken ct)
    {
        if (serials.Count == 0)
        {
            return new Dictionary<string, ScanTally>();
        }

        await using var command = dataSource.CreateCommand($"select serial, count, first_scanned_at from {Table} where serial = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = serials.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tallies = new Dictionary<string, ScanTally>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            tallies[reader.GetString(0)] = new ScanTally(reader.GetInt64(1), reader.GetFieldValue<Instant>(2));
        }

        return tallies;
    }

    /// <summary>How many of a lot's stamps were scanned at least once, and how many scans they had in all.</summary>
    public async Task<(long StampsScanned, long Scans)> LotTallyAsync(Guid lotId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select count(*), coalesce(sum(s.count), 0) from {Table} s
            join {StampRegister.Table} d on d.serial = s.serial
            where d.lot_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = lotId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
