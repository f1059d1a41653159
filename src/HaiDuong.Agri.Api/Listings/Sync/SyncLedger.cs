using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Listings;
using Marten;
using NodaTime;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace HaiDuong.Agri.Api.Listings.Sync;

/// <summary>One row of the ledger: a listing at one marketplace, claimed by a dispatcher.</summary>
public sealed record SyncJob(
    Guid ListingId,
    Marketplace Marketplace,
    Guid AccountId,
    long TargetVersion,
    long SyncedVersion,
    bool Created,
    string? ExternalId,
    int Attempts,
    bool CreateSent);

/// <summary>A sync the marketplace refused, waiting for an admin.</summary>
public sealed record DeadLetter(
    Guid Id,
    Guid ListingId,
    Marketplace Marketplace,
    string? Operation,
    string? Reason,
    int Attempts,
    Instant DeadAt);

/// <summary>
/// The sync ledger (the outbox): one row per listing and marketplace saying which listing version the marketplace must
/// show (<c>target_version</c>) and which it shows (<c>synced_version</c>). Changes only raise the target, so pending
/// price and stock updates coalesce into one push of the latest values. Rows are leased to one dispatcher at a time
/// (<c>for update skip locked</c>), so several instances never push the same row at once. States: <c>active</c>,
/// <c>parked</c> (the account needs re-authorisation) and <c>dead</c> (a permanent refusal: a dead letter).
/// Times are the database's clock, one clock for every instance.
/// </summary>
public static class SyncLedger
{
    public const string Table = MartenSetup.Schema + ".listing_sync";

    public static void ConfigureStore(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, "listing_sync", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("listing_id").AsPrimaryKey();
        table.AddColumn<string>("marketplace").AsPrimaryKey();
        table.AddColumn<Guid>("account_id").NotNull();
        table.AddColumn<long>("target_version").NotNull();
        table.AddColumn<long>("synced_version").NotNull().DefaultValueByExpression("0");
        table.AddColumn<bool>("created").NotNull().DefaultValueByExpression("false");
        table.AddColumn<bool>("create_sent").NotNull().DefaultValueByExpression("false");
        table.AddColumn<string>("external_id");
        table.AddColumn<int>("attempts").NotNull().DefaultValueByExpression("0");
        table.AddColumn("due_at", "timestamp with time zone").NotNull();
        table.AddColumn("lease_until", "timestamp with time zone");
        table.AddColumn<string>("lease_owner");
        table.AddColumn<string>("state").NotNull().DefaultValueByExpression("'active'");
        table.AddColumn<string>("operation");
        table.AddColumn<string>("last_error");
        table.AddColumn<Guid>("dead_letter_id");
        table.AddColumn("dead_at", "timestamp with time zone");
        table.Indexes.Add(new IndexDefinition("ix_listing_sync_due") { Columns = ["due_at"], Predicate = "state = 'active'" });
        table.Indexes.Add(new IndexDefinition("ix_listing_sync_account") { Columns = ["account_id"] });
        table.Indexes.Add(new IndexDefinition("ix_listing_sync_dead_letter") { Columns = ["dead_letter_id"], IsUnique = true });
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    private static string Name(Marketplace m) => ListingDecisions.Name(m);

    /// <summary>A listing is now on a marketplace: it must show <paramref name="version"/>.</summary>
    public static void Open(IDocumentOperations operations, Guid listingId, ListingChannel channel, long version) =>
        operations.QueueSqlCommand(
            $"""
            insert into {Table} (listing_id, marketplace, account_id, target_version, due_at) values (?, ?, ?, ?, now())
            on conflict (listing_id, marketplace) do update set target_version = greatest({Table}.target_version, excluded.target_version)
            """,
            listingId, Name(channel.Marketplace), channel.AccountId, version);

    /// <summary>
    /// The listing changed: the marketplace must show <paramref name="version"/>. Due now, unless the row is backing off
    /// after a failure (then the retry carries the latest values anyway).
    /// </summary>
    public static void Raise(IDocumentOperations operations, Guid listingId, Marketplace marketplace, long version) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set target_version = greatest(target_version, ?), due_at = case when attempts > 0 then due_at else now() end
            where listing_id = ? and marketplace = ?
            """,
            version, listingId, Name(marketplace));

    /// <summary>The account was linked again: its parked rows are due now.</summary>
    public static void ResumeAccount(IDocumentOperations operations, Guid accountId) =>
        operations.QueueSqlCommand(
            $"update {Table} set state = 'active', attempts = 0, due_at = now(), last_error = null where account_id = ? and state = 'parked'",
            accountId);

    /// <summary>The marketplace shows <paramref name="version"/>; the row is idle until the next change.</summary>
    public static void Succeeded(IDocumentOperations operations, SyncJob job, long version, string? externalId, bool created) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set synced_version = greatest(synced_version, ?), created = created or ?, external_id = coalesce(?, external_id),
              attempts = 0, last_error = null, operation = null, lease_until = null, lease_owner = null, due_at = now()
            where listing_id = ? and marketplace = ?
            """,
            version, created, (object?)externalId ?? DBNull.Value, job.ListingId, Name(job.Marketplace));

    /// <summary>A transient failure (or a rate limit when <paramref name="failed"/> is false): try again after <paramref name="delay"/>.</summary>
    public static void RetryLater(IDocumentOperations operations, SyncJob job, TimeSpan delay, string? error, bool failed) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set attempts = attempts + ?, last_error = coalesce(?, last_error), lease_until = null, lease_owner = null,
              due_at = now() + ? * interval '1 millisecond'
            where listing_id = ? and marketplace = ?
            """,
            failed ? 1 : 0, (object?)error ?? DBNull.Value, Math.Max(1, (long)delay.TotalMilliseconds), job.ListingId, Name(job.Marketplace));

    /// <summary>The shop's token was refused: the row waits for the account to be linked again.</summary>
    public static void Park(IDocumentOperations operations, SyncJob job, string error) =>
        operations.QueueSqlCommand(
            $"update {Table} set state = 'parked', last_error = ?, lease_until = null, lease_owner = null where listing_id = ? and marketplace = ?",
            error, job.ListingId, Name(job.Marketplace));

    /// <summary>The marketplace refused the content: the row becomes a dead letter, never retried until replayed.</summary>
    public static void Bury(IDocumentOperations operations, SyncJob job, Guid deadLetterId, SyncOperation operation, string error) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set state = 'dead', dead_letter_id = ?, dead_at = now(), operation = ?, last_error = ?, attempts = attempts + 1,
              lease_until = null, lease_owner = null
            where listing_id = ? and marketplace = ?
            """,
            deadLetterId, operation.ToString().ToLowerInvariant(), error, job.ListingId, Name(job.Marketplace));

    /// <summary>Takes up to <paramref name="limit"/> due rows for <paramref name="lease"/>; rows leased by a crashed node come back when their lease ends.</summary>
    public static async Task<IReadOnlyList<SyncJob>> ClaimAsync(NpgsqlDataSource dataSource, string node, TimeSpan lease, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            update {Table} s set lease_until = now() + $1 * interval '1 millisecond', lease_owner = $2
            where (s.listing_id, s.marketplace) in (
              select listing_id, marketplace from {Table}
              where state = 'active' and target_version > synced_version and due_at <= now() and (lease_until is null or lease_until < now())
              order by due_at limit $3 for update skip locked)
            returning s.listing_id, s.marketplace, s.account_id, s.target_version, s.synced_version, s.created, s.external_id, s.attempts,
              s.create_sent
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)lease.TotalMilliseconds });
        command.Parameters.Add(new NpgsqlParameter { Value = node });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var jobs = new List<SyncJob>();
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new SyncJob(
                reader.GetGuid(0), Enum.Parse<Marketplace>(reader.GetString(1), ignoreCase: true), reader.GetGuid(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7), reader.GetBoolean(8)));
        }

        return jobs;
    }

    /// <summary>
    /// Notes, before the first create call, that a create may now exist at the marketplace even if no answer comes back
    /// (a timeout, a crash): a later delist must then look for it instead of assuming there is nothing to take down.
    /// </summary>
    public static async Task MarkCreateSentAsync(NpgsqlDataSource dataSource, SyncJob job, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"update {Table} set create_sent = true where listing_id = $1 and marketplace = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = job.ListingId });
        command.Parameters.Add(new NpgsqlParameter { Value = Name(job.Marketplace) });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Locks the row in the outcome's transaction and tells whether <paramref name="node"/> still holds its lease: a node
    /// that stalled past its lease leaves the outcome to the node that took the row over.
    /// </summary>
    public static async Task<bool> StillLeasedAsync(NpgsqlConnection connection, SyncJob job, string node)
    {
        await using var command = new NpgsqlCommand(
            $"select lease_owner from {Table} where listing_id = $1 and marketplace = $2 for update", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = job.ListingId });
        command.Parameters.Add(new NpgsqlParameter { Value = Name(job.Marketplace) });
        return await command.ExecuteScalarAsync(CancellationToken.None) as string == node;
    }

    /// <summary>Gives a claimed row back untouched (the app is stopping, or its listing is gone).</summary>
    public static async Task ReleaseAsync(NpgsqlDataSource dataSource, SyncJob job)
    {
        await using var command = dataSource.CreateCommand(
            $"update {Table} set lease_until = null, lease_owner = null where listing_id = $1 and marketplace = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = job.ListingId });
        command.Parameters.Add(new NpgsqlParameter { Value = Name(job.Marketplace) });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>How many syncs are due (or waiting for a retry), parked for a shop to be linked again, and dead.</summary>
    public static async Task<(long Due, long Parked, long Dead)> CountsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select count(*) filter (where state = 'active' and target_version > synced_version),
                   count(*) filter (where state = 'parked'),
                   count(*) filter (where state = 'dead')
              from {Table}
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(NpgsqlDataSource dataSource, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select dead_letter_id, listing_id, marketplace, operation, last_error, attempts, dead_at from {Table}
            where state = 'dead' order by dead_at, listing_id limit $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadDeadLettersAsync(command, ct);
    }

    /// <summary>The dead letters of these listings (by the ledger's primary key), oldest first.</summary>
    public static async Task<IReadOnlyList<DeadLetter>> DeadLettersOfAsync(NpgsqlDataSource dataSource, IReadOnlyList<Guid> listingIds, CancellationToken ct)
    {
        if (listingIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(
            $"""
            select dead_letter_id, listing_id, marketplace, operation, last_error, attempts, dead_at from {Table}
            where listing_id = any($1) and state = 'dead' order by dead_at, listing_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = listingIds.ToArray() });
        return await ReadDeadLettersAsync(command, ct);
    }

    private static async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(ct))
        {
            letters.Add(new DeadLetter(
                reader.GetGuid(0), reader.GetGuid(1), Enum.Parse<Marketplace>(reader.GetString(2), ignoreCase: true),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5),
                reader.GetFieldValue<Instant>(6)));
        }

        return letters;
    }

    /// <summary>Locks a dead letter for replay in the command's transaction: its listing and marketplace, or null when there is none.</summary>
    public static async Task<(Guid ListingId, Marketplace Marketplace)?> LockDeadLetterAsync(UnitOfWork unitOfWork, Guid id, CancellationToken ct)
    {
        await using var command = await unitOfWork.CommandAsync(
            $"select listing_id, marketplace from {Table} where dead_letter_id = $1 and state = 'dead' for update", ct);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetGuid(0), Enum.Parse<Marketplace>(reader.GetString(1), ignoreCase: true))
            : null;
    }

    /// <summary>An admin replays a dead letter: the row is due now and tries the listing's current state afresh.</summary>
    public static void Replay(IDocumentOperations operations, Guid deadLetterId) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set state = 'active', attempts = 0, dead_letter_id = null, dead_at = null, last_error = null, operation = null,
              due_at = now()
            where dead_letter_id = ?
            """,
            deadLetterId);
}
