using System.Net.Sockets;
using System.Text.Json;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>Turns every exception into a problem answer; only a bug is left as a 500.</summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Translate(exception);
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
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.PayloadTooLarge(0),
        BadHttpRequestException bad => new ProblemException(
            bad.StatusCode, "malformed-request", "The request could not be read", bad.Message),
        JsonException json => Malformed(json),
        ConcurrencyException => Problems.VersionMismatch(null),
        NpgsqlException or SocketException or TimeoutException => Problems.Unavailable(),
        InvalidOperationException { InnerException: NpgsqlException } => Problems.Unavailable(),
        _ => null,
    };

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
