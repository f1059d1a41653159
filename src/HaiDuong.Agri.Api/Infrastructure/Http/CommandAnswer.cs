using System.Reflection;
using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// The HTTP answer of a command: status, body, and the Location and ETag headers. The transaction filter reads it to record
/// the answer with the idempotency key, so a replay returns exactly the same thing. Its typed kinds
/// (<see cref="CreatedAnswer{T}"/>, <see cref="OkAnswer{T}"/>, <see cref="NoContentAnswer"/>) declare their response in the
/// OpenAPI document from the endpoint's return type, as the framework's <c>TypedResults</c> do.
/// </summary>
public abstract class CommandAnswer(int statusCode, object? value, string? location, long? version, object? replayValue)
    : IResult, IStatusCodeHttpResult, IValueHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public object? Value { get; } = value;

    public string? Location { get; } = location;

    public string? ETag { get; } = version is { } v ? Versions.ETag(v) : null;

    public string? SerializeReplayBody() => replayValue is null ? SerializeBody() : Serialize(replayValue);

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

    protected static void Declare(EndpointBuilder builder, int status, Type? body) =>
        builder.Metadata.Add(body is null
            ? new ProducesResponseTypeMetadata(status, typeof(void))
            : new ProducesResponseTypeMetadata(status, body, ["application/json"]));
}

/// <summary>
/// 201 with the new thing's view, its <c>Location</c> and (for a stream) its <c>ETag</c>; <c>replayValue</c> is what a replay
/// shows instead of the view, when that must differ (a secret shown once).
/// </summary>
public sealed class CreatedAnswer<T>(T value, string location, long? version, T? replayValue = default)
    : CommandAnswer(StatusCodes.Status201Created, value, location, version, replayValue), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status201Created, typeof(T));
}

/// <summary>200 with the changed thing's view and (for a stream) its <c>ETag</c>.</summary>
public sealed class OkAnswer<T>(T value, long? version)
    : CommandAnswer(StatusCodes.Status200OK, value, null, version, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status200OK, typeof(T));
}

/// <summary>204: done, nothing to show.</summary>
public sealed class NoContentAnswer() : CommandAnswer(StatusCodes.Status204NoContent, null, null, null, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status204NoContent, null);
}

/// <summary>How an endpoint turns what a command did into its HTTP answer.</summary>
public static class CommandAnswers
{
    /// <summary>201 at <paramref name="location"/>; <paramref name="replay"/> hides what a repeat of the request must not show again.</summary>
    public static async Task<CreatedAnswer<T>> Created<T>(this ValueTask<Outcome<T>> sending, Func<T, string> location, Func<T, T>? replay = null)
        where T : notnull
    {
        var outcome = await sending;
        return new CreatedAnswer<T>(outcome.View, location(outcome.View), outcome.Version, replay is null ? default : replay(outcome.View));
    }

    public static async Task<OkAnswer<T>> Ok<T>(this ValueTask<Outcome<T>> sending)
        where T : notnull
    {
        var outcome = await sending;
        return new OkAnswer<T>(outcome.View, outcome.Version);
    }

    /// <summary>201 when the command created the thing, 200 when it was there already (a repeated report, a relinked account).</summary>
    public static async Task<Results<CreatedAnswer<T>, OkAnswer<T>>> CreatedOrOk<T>(this ValueTask<Outcome<T>> sending, Func<T, string> location)
        where T : notnull
    {
        var outcome = await sending;
        return outcome.IsNew
            ? new CreatedAnswer<T>(outcome.View, location(outcome.View), outcome.Version)
            : new OkAnswer<T>(outcome.View, outcome.Version);
    }

    public static async Task<NoContentAnswer> NoContent(this ValueTask<Unit> sending)
    {
        await sending;
        return new NoContentAnswer();
    }
}
