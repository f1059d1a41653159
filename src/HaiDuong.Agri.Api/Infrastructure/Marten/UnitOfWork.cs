using Marten;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// One database transaction per command: handlers append and flush through <see cref="SessionAsync"/>;
/// the transaction filter adds the idempotency record and commits once, or rolls everything back.
/// So an answer, its events, its projections and its idempotency key are stored together or not at all.
/// </summary>
public sealed class UnitOfWork(IDocumentStore store, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;
    private IDocumentSession? session;

    public async ValueTask<IDocumentSession> SessionAsync(CancellationToken cancellationToken)
    {
        if (session is null)
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            session = store.LightweightSession(global::Marten.Services.SessionOptions.ForTransaction(transaction, false));
        }

        return session;
    }

    /// <summary>
    /// Serialises commands on one thing that is not a stream (for example the units of a lot shared by its listings):
    /// a PostgreSQL advisory lock held until this unit of work commits or rolls back.
    /// </summary>
    public async Task LockAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync("select pg_advisory_xact_lock(hashtextextended($1, 0))", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A raw SQL command inside this unit of work's transaction (for operational tables beside the event store).</summary>
    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await SessionAsync(cancellationToken);
        return new NpgsqlCommand(sql, connection, transaction);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (session is null || transaction is null)
        {
            return;
        }

        await session.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await ResetAsync();
    }

    /// <summary>Throws away whatever was written; the next <see cref="SessionAsync"/> starts a new transaction.</summary>
    public async Task ResetAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }

        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        session = null;
        transaction = null;
        connection = null;
    }

    public async ValueTask DisposeAsync() => await ResetAsync();
}
