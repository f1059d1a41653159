using System.Text.Json;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// The answer of a command: status, body, and the Location and ETag headers. The transaction filter reads it
/// to record the answer with the idempotency key, so a replay can return exactly the same thing.
/// </summary>
public sealed class CommandAnswer(int statusCode, object? value, string? location, long? version)
    : IResult, IStatusCodeHttpResult, IValueHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public object? Value { get; } = value;

    public string? Location { get; } = location;

    public string? ETag { get; } = version is { } v ? Versions.ETag(v) : null;

    public static CommandAnswer Created(string location, object value, long? version = null) =>
        new(StatusCodes.Status201Created, value, location, version);

    public static CommandAnswer Ok(object value, long? version = null) =>
        new(StatusCodes.Status200OK, value, null, version);

    public static CommandAnswer NoContent() => new(StatusCodes.Status204NoContent, null, null, null);

    /// <summary>What a replay of this answer shows, when it must differ from the first answer (a secret shown once).</summary>
    public object? ReplayValue { get; init; }

    public string? SerializeReplayBody() => ReplayValue is null ? SerializeBody() : Serialize(ReplayValue);

    public string? SerializeBody() => Value is null ? null : Serialize(Value);

    private static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), AgriJson.Options);

    public Task ExecuteAsync(HttpContext httpContext) =>
        Write(httpContext, StatusCode, Location, ETag, SerializeBody(), replayed: false);

    public static async Task Write(HttpContext http, int status, string? location, string? etag, string? body, bool replayed)
    {
        http.Response.StatusCode = status;
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        if (etag is not null)
        {
            http.Response.Headers.ETag = etag;
        }

        if (replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body, http.RequestAborted);
        }
    }
}
