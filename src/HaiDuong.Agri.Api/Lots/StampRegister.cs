using System.Runtime.CompilerServices;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using Marten;
using NodaTime;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace HaiDuong.Agri.Api.Lots;

/// <summary>One issued stamp: its serial (unique in the whole system), lot, issue order and what happened to it since.</summary>
public sealed record Stamp(string Serial, Guid LotId, int Sequence, Instant IssuedAt, Instant? PrintedAt, Instant? VoidedAt, string? VoidReason);

/// <summary>
/// The stamps, in an operational table of their own beside the lot's stream (which holds the serials in
/// <c>StampsIssued</c> and the voids in <c>StampVoided</c>): one row per stamp, so printing claims a lot's unprinted stamps,
/// pages through them and counts them with plain indexed statements, and 10,000 stamps are inserted as one statement in the
/// transaction of the events that issue them. Print marks live only here (printing is not a change of the lot).
/// </summary>
public sealed class StampRegister(NpgsqlDataSource dataSource)
{
    public const string Table = MartenSetup.Schema + ".stamps";
    private const string Columns = "serial, lot_id, sequence, issued_at, printed_at, voided_at, void_reason";

    public static void ConfigureStore(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, "stamps", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("serial").AsPrimaryKey();
        table.AddColumn<Guid>("lot_id").NotNull();
        table.AddColumn<int>("sequence").NotNull();
        table.AddColumn("issued_at", "timestamp with time zone").NotNull();
        table.AddColumn("printed_at", "timestamp with time zone");
        table.AddColumn("voided_at", "timestamp with time zone");
        table.AddColumn<string>("void_reason");
        table.Indexes.Add(new IndexDefinition("ix_stamps_lot_sequence") { Columns = ["lot_id", "sequence"], IsUnique = true });
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>Records newly issued stamps (numbered on from <paramref name="firstSequence"/>) when the session saves its events.</summary>
    public static void Issue(IDocumentSession session, Guid lotId, int firstSequence, IReadOnlyList<string> serials, Instant issuedAt) =>
        session.QueueSqlCommand(
            $"""
            insert into {Table} (serial, lot_id, sequence, issued_at)
            select s.serial, ?, ? + s.ordinality::int - 1, ? from unnest(?::text[]) with ordinality as s(serial, ordinality)
            """,
            lotId, firstSequence, issuedAt, serials.ToArray());

    /// <summary>Marks a stamp voided when the session saves its events.</summary>
    public static void Void(IDocumentSession session, string serial, string reason, Instant voidedAt) =>
        session.QueueSqlCommand($"update {Table} set voided_at = ?, void_reason = ? where serial = ?", voidedAt, reason, serial);

    public async Task<Stamp?> FindAsync(string serial, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from {Table} where serial = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = serial });
        return await ReadAsync(command, ct).FirstOrDefaultAsync(ct);
    }

    /// <summary>A lot's stamps numbered <paramref name="first"/> to <paramref name="last"/>, in issue order.</summary>
    public async Task<List<Stamp>> RangeAsync(Guid lotId, int first, int last, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from {Table} where lot_id = $1 and sequence between $2 and $3 order by sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = lotId });
        command.Parameters.Add(new NpgsqlParameter { Value = first });
        command.Parameters.Add(new NpgsqlParameter { Value = last });
        return await ReadAsync(command, ct).ToListAsync(ct);
    }

    public async Task<int> CountLiveAsync(Guid lotId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select count(*) from {Table} where lot_id = $1 and voided_at is null");
        command.Parameters.Add(new NpgsqlParameter { Value = lotId });
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The live stamps of a lot after <paramref name="afterSequence"/>, in issue order, at most <paramref name="limit"/>.</summary>
    public async Task<List<Stamp>> LiveAfterAsync(Guid lotId, int afterSequence, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from {Table} where lot_id = $1 and voided_at is null and sequence > $2 order by sequence limit $3");
        command.Parameters.Add(new NpgsqlParameter { Value = lotId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAsync(command, ct).ToListAsync(ct);
    }

    /// <summary>
    /// Marks every live, never printed stamp of the lot printed, in one statement, and answers their serials in issue order:
    /// two people printing at once never get the same stamp.
    /// </summary>
    public async Task<List<string>> ClaimUnprintedAsync(Guid lotId, Instant now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            with claimed as (
              update {Table} set printed_at = $2 where lot_id = $1 and printed_at is null and voided_at is null
              returning serial, sequence)
            select serial from claimed order by sequence
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = lotId });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        var serials = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            serials.Add(reader.GetString(0));
        }

        return serials;
    }

    /// <summary>
    /// Moves stamps kept by an earlier version as Marten documents (<c>mt_doc_stamp</c>) into this table, once, then drops
    /// the documents' table; several instances starting together take turns on an advisory lock.
    /// </summary>
    public static async Task AdoptEarlierDocumentsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        const string documents = MartenSetup.Schema + ".mt_doc_stamp";
        await using var command = dataSource.CreateCommand(
            $$"""
            do $$
            begin
              perform pg_advisory_xact_lock(hashtextextended('{{documents}}', 0));
              if to_regclass('{{documents}}') is not null then
                insert into {{Table}} ({{Columns}})
                select id, (data ->> 'lotId')::uuid, (data ->> 'sequence')::int, (data ->> 'issuedAt')::timestamptz,
                       nullif(data ->> 'printedAt', '')::timestamptz, nullif(data ->> 'voidedAt', '')::timestamptz, data ->> 'voidReason'
                  from {{documents}}
                on conflict (serial) do nothing;
                drop table {{documents}};
              end if;
            end $$
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async IAsyncEnumerable<Stamp> ReadAsync(NpgsqlCommand command, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new Stamp(
                reader.GetString(0),
                reader.GetGuid(1),
                reader.GetInt32(2),
                reader.GetFieldValue<Instant>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<Instant>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6));
        }
    }
}

/// <summary>Runs <see cref="StampRegister.AdoptEarlierDocumentsAsync"/> once the store's schema is in place at start.</summary>
public sealed class StampDocumentsAdoption(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StampRegister.AdoptEarlierDocumentsAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
