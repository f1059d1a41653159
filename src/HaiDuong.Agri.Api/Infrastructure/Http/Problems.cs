using HaiDuong.Agri.Domain.Common;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>An answer that is an RFC 9457 problem; thrown anywhere, written by <see cref="ProblemExceptionHandler"/>.</summary>
public sealed class ProblemException(
    int status,
    string code,
    string title,
    string? detail = null,
    IReadOnlyDictionary<string, string[]>? errors = null,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;

    /// <summary>The stable last part of the problem type, e.g. <c>pre-harvest-interval</c>.</summary>
    public string Code { get; } = code;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;

    public IDictionary<string, string>? Headers { get; init; }
}

/// <summary>Every problem the API answers, with its stable type.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:haiduong-agri:problem:";

    public const string ValidationCode = "validation";
    public const string MalformedCode = "malformed-request";
    public const string UnauthorizedCode = "unauthorized";
    public const string ForbiddenCode = "forbidden";
    public const string NotFoundCode = "not-found";
    public const string ConcurrentWriteCode = "concurrent-write";
    public const string AlreadyExistsCode = "already-exists";
    public const string VersionMismatchCode = "version-mismatch";
    public const string PayloadTooLargeCode = "payload-too-large";
    public const string UnsupportedMediaTypeCode = "unsupported-media-type";
    public const string IdempotencyKeyReusedCode = "idempotency-key-reused";
    public const string UnavailableCode = "database-unavailable";

    public static string Type(string code) => TypePrefix + code;

    public static ProblemException Validation(IReadOnlyDictionary<string, string[]> errors) => new(
        StatusCodes.Status400BadRequest, ValidationCode, "The request is not valid",
        "See errors: each names a field and what is wrong with it.", errors);

    public static ProblemException Malformed(string field, string message) => new(
        StatusCodes.Status400BadRequest, MalformedCode, "The request could not be read", message,
        new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException NotFound(string what) => new(
        StatusCodes.Status404NotFound, NotFoundCode, "Not found", $"No {what} with this id is visible to you.");

    public static ProblemException NotFound(string what, string field) => new(
        StatusCodes.Status404NotFound, NotFoundCode, "Not found", $"No {what} with this id is visible to you.",
        new Dictionary<string, string[]> { [field] = [$"No {what} with this id is visible to you."] });

    public static ProblemException Forbidden(string detail) => new(
        StatusCodes.Status403Forbidden, ForbiddenCode, "Forbidden", detail);

    public static ProblemException Refused(DomainError error) => new(
        StatusCodes.Status409Conflict, error.Code, error.Title, error.Detail, null, error.Data);

    public static ProblemException Conflict(string code, string title, string detail) => new(
        StatusCodes.Status409Conflict, code, title, detail);

    public static ProblemException VersionMismatch(long? current) => new(
        StatusCodes.Status412PreconditionFailed, VersionMismatchCode, "The resource has changed",
        "If-Match does not name the current version: read the resource again and retry with its ETag.",
        extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    public static ProblemException IdempotencyKeyReused() => new(
        StatusCodes.Status422UnprocessableEntity, IdempotencyKeyReusedCode, "The idempotency key was used for another request",
        "This Idempotency-Key was first used with a different request; use a new key for a new request.");

    public static ProblemException PayloadTooLarge(long? limit) => new(
        StatusCodes.Status413PayloadTooLarge, PayloadTooLargeCode, "The request body is too large",
        limit is null ? "The request body is larger than this route accepts." : $"Request bodies on this route are limited to {limit} bytes.",
        extensions: new Dictionary<string, object?> { ["limitBytes"] = limit });

    public static ProblemException Unavailable() => new(
        StatusCodes.Status503ServiceUnavailable, UnavailableCode, "The service is temporarily unavailable",
        "The database cannot be reached; nothing was recorded. Retry shortly.")
    {
        Headers = new Dictionary<string, string> { ["Retry-After"] = "5" },
    };
}
