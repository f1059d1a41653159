using global::Marten;
using global::Marten.Services;
using JasperFx;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// Marten's logging, except that the conflicts the API answers on purpose (a stale version, a racing writer,
/// a repeated idempotency key) are logged at debug level: a handled 412 must not look like an outage in the logs.
/// </summary>
public sealed partial class ExpectedConflictLogger(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => LogSchemaChange(logger, sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => LogFailure(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        LogFailure(ex, string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message)
    {
        if (IsExpectedConflict(ex))
        {
            LogConflict(logger, ex.Message);
        }
        else
        {
            LogCommandFailure(logger, ex, message);
        }
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    /// <summary>A version conflict on an event stream, a second insert of an idempotency record, or a deadlock the callers retry.</summary>
    public static bool IsExpectedConflict(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConcurrencyException or DocumentAlreadyExistsException
                || (e is PostgresException p && (p.SqlState is "MT003" or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                    || (p.SqlState == PostgresErrorCodes.UniqueViolation && p.TableName is "mt_events" or "mt_doc_idempotencyrecord"))))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema change: {Sql}")]
    private static partial void LogSchemaChange(ILogger logger, string sql);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expected write conflict, answered by the API: {Message}")]
    private static partial void LogConflict(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database command failed: {Command}")]
    private static partial void LogCommandFailure(ILogger logger, Exception exception, string command);
}
