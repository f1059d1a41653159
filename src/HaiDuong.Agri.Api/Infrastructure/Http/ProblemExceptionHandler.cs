using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>Turns every exception into a problem answer; only a bug is left as a 500.</summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger, NpgsqlDataSource dataSource) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer, and not an outage.
            return true;
        }

        // A driver error can be masked by a later one (a rollback on a dead connection): when the cause is not plain,
        // ask the database itself before calling it a bug.
        var problem = Translate(exception) ?? (await DatabaseReachableAsync(cancellationToken) ? null : Problems.Unavailable());
        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= 500)
        {
            LogUnavailable(logger, exception);
        }

        await ProblemWriter.WriteAsync(httpContext, problem);
        return true;
    }

    public static ProblemException? Translate(Exception exception) => exception switch
    {
        ProblemException p => p,
        BadHttpRequestException { InnerException: JsonException json } => Malformed(json),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.PayloadTooLarge(null),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => Problems.Malformed(BoundField(bad.Message), bad.Message),
        BadHttpRequestException bad => new ProblemException(
            bad.StatusCode, Problems.MalformedCode, "The request could not be read", bad.Message),
        JsonException json => Malformed(json),
        ConcurrencyException => Problems.VersionMismatch(null),
        _ when IsTransientConflict(exception) => Problems.Conflict(
            Problems.ConcurrentWriteCode, "Another change was written at the same moment",
            "The database stopped this change because another one to the same records was being written at once; nothing was recorded. Retry."),
        _ when UniqueViolation(exception) is { } constraint => AgriModules.ConstraintProblem(constraint)
            ?? Problems.Conflict(Problems.AlreadyExistsCode, "It already exists", "Something with the same identity was stored at the same moment; read it and retry if needed."),
        _ when IsDatabaseUnavailable(exception) => Problems.Unavailable(),
        _ => null,
    };

    private async Task<bool> DatabaseReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or SocketException)
        {
            return false;
        }
    }

    /// <summary>The name of the unique constraint a write ran into (racing creates of the same thing), if that is what failed.</summary>
    public static string? UniqueViolation(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
            {
                return unique.ConstraintName ?? "";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the database rolled the transaction back because of other transactions (a deadlock between writers, a
    /// serialization failure): nothing was written and running it again on fresh state is the documented remedy.
    /// </summary>
    public static bool IsTransientConflict(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // 25P02: an earlier statement of this transaction failed and the database aborted it (whatever ran it again
            // reports this instead of the first error); nothing was written, so the command can run again like a deadlock's victim.
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.InFailedSqlTransaction })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the exception, or one it wraps, says the database cannot be reached (connection refused, reset, timed out,
    /// shutting down, out of connections) rather than that a statement was wrong.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException or SocketException or TimeoutException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsDatabaseUnavailable):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The parameter a binding failure names (<c>Failed to bind parameter "int? page" from "x".</c> names <c>page</c>), so a
    /// query value that is not a number or an id is refused naming its field; else the body.
    /// </summary>
    public static string BoundField(string message) =>
        BindingFailure().Match(message) is { Success: true } match ? match.Groups["name"].Value : "body";

    [GeneratedRegex("""^(?:Failed to bind|Required) parameter "(?:[^"]*\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)" """)]
    private static partial Regex BindingFailure();

    private static ProblemException Malformed(JsonException json)
    {
        var field = FieldFromPath(json.Path);
        var message = json.Message.Split(" Path:", 2)[0];
        return Problems.Malformed(field, string.IsNullOrWhiteSpace(message) ? "The JSON is malformed." : message);
    }

    /// <summary>Turns a JSON path such as <c>$.steps[2].plantedOn</c> into the field name clients send: <c>steps[2].plantedOn</c>.</summary>
    public static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
