using System.Security.Cryptography;
using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using JasperFx;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>The answer first given to an <c>Idempotency-Key</c>, stored in the same transaction as the command's events.</summary>
public sealed class IdempotencyRecord
{
    public required string Id { get; init; }

    public required string Fingerprint { get; init; }

    public required int Status { get; init; }

    public string? Location { get; init; }

    public string? ETag { get; init; }

    public string? Body { get; init; }

    public required Instant RecordedAt { get; init; }
}

/// <summary>
/// Runs a command endpoint in one transaction: replays the first answer to a repeated <c>Idempotency-Key</c>
/// (422 when the key comes back with another request), commits a success together with its idempotency record,
/// rolls back anything else, and retries a lost race when the client did not ask for a version (no If-Match), and a
/// transaction the database rolled back as a deadlock's victim in any case.
/// </summary>
public sealed class CommandTransactionFilter(UnitOfWork unitOfWork, IClock clock, IOptions<IdempotencyOptions> options) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>An idempotency key is 1 to <see cref="MaxKeyLength"/> visible ASCII characters (<see cref="KeyPattern"/>, as checked below).</summary>
    public const int MaxKeyLength = 200;

    public const string KeyPattern = "^[!-~]+$";

    private const int Attempts = 8;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var key = await IdempotencyKeyAsync(http);
        var earlier = key is null ? null : await FindAsync(key.Value.RecordId, ct);
        if (earlier is not null && !Expired(earlier))
        {
            return Replay(earlier, key!.Value.Fingerprint);
        }

        // A key whose record outlived the retention is new again; its old record is replaced (the sweeper had not got to it).
        var replaceExpired = earlier is not null;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await next(context);
                if ((result is INestedHttpResult nested ? nested.Result : result) is not CommandAnswer { StatusCode: >= 200 and < 300 } answer)
                {
                    await unitOfWork.ResetAsync();
                    return result;
                }

                if (key is not null)
                {
                    var session = await unitOfWork.SessionAsync(ct);
                    var record = new IdempotencyRecord
                    {
                        Id = key.Value.RecordId,
                        Fingerprint = key.Value.Fingerprint,
                        Status = answer.StatusCode,
                        Location = answer.Location,
                        ETag = answer.ETag,
                        Body = answer.SerializeReplayBody(),
                        RecordedAt = clock.GetCurrentInstant(),
                    };
                    if (replaceExpired)
                    {
                        session.Store(record);
                    }
                    else
                    {
                        session.Insert(record);
                    }
                }

                await unitOfWork.CommitAsync(ct);
                return answer;
            }
            catch (ConcurrencyException) when (attempt < Attempts)
            {
                // Another writer appended first: decide again on the new state (after a short random pause, so a crowd of
                // writers on one batch spreads out). A pinned If-Match is checked again there: a stream whose version moved
                // answers 412, a listing whose stream moved only by a sync outcome (not the seller's version) goes ahead.
                await unitOfWork.ResetAsync();
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, ct);
            }
            catch (Exception e) when (attempt < Attempts && ProblemExceptionHandler.IsTransientConflict(e))
            {
                // The database chose this transaction as a deadlock's victim (say, against the marketplace sync recording
                // an outcome on the same listing) and rolled it back: nothing was written, so run it again on fresh state.
                // An If-Match is checked again then, against the version that won.
                await unitOfWork.ResetAsync();
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, ct);
            }
            catch (DocumentAlreadyExistsException e) when (key is not null && e.DocType == typeof(IdempotencyRecord))
            {
                // The same key raced in twice: the other request committed first; answer as it did.
                await unitOfWork.ResetAsync();
                var first = await FindAsync(key.Value.RecordId, ct);
                return first is null || Expired(first) ? throw Problems.IdempotencyKeyReused() : Replay(first, key.Value.Fingerprint);
            }
        }
    }

    private async Task<IdempotencyRecord?> FindAsync(string recordId, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        return await session.LoadAsync<IdempotencyRecord>(recordId, ct);
    }

    private bool Expired(IdempotencyRecord record) => record.RecordedAt < clock.GetCurrentInstant() - Duration.FromTimeSpan(options.Value.Retention);

    private static IResult Replay(IdempotencyRecord record, string fingerprint) =>
        record.Fingerprint != fingerprint
            ? throw Problems.IdempotencyKeyReused()
            : Results.Extensions.Replayed(record);

    private static async Task<(string RecordId, string Fingerprint)?> IdempotencyKeyAsync(HttpContext http)
    {
        if (ReadKey(http.Request) is not { } key)
        {
            return null;
        }

        var caller = http.User.FindFirst(Caller.KeyIdClaim)?.Value ?? "anonymous";
        var recordId = Hex(Encoding.UTF8.GetBytes($"{caller}\n{key}"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return (recordId, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// The request's <c>Idempotency-Key</c>: null without the header; a 400 <c>malformed-request</c> problem naming it when it is
    /// not one value of 1 to 200 visible ASCII characters (an empty or blank value included).
    /// </summary>
    private static string? ReadKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var key = values.ToString();
        return values.Count != 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? throw Problems.Malformed(HeaderName, "Idempotency-Key must be one value of 1 to 200 visible ASCII characters (a UUID is ideal).")
            : key;
    }

    /// <summary>
    /// Checks the <c>Idempotency-Key</c> of every POST, PUT, PATCH and DELETE before anything runs (so a malformed one is a
    /// 400 on every route, including those that answer without replaying, such as signing in), and makes keyed POST bodies
    /// re-readable, so the filter can fingerprint the exact bytes.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(IApplicationBuilder app) => app.Use((http, next) =>
    {
        var method = http.Request.Method;
        var command = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        var key = command ? ReadKey(http.Request) : null;
        if (key is not null && HttpMethods.IsPost(method))
        {
            http.Request.EnableBuffering();
        }

        return next(http);
    });
}

public static class ReplayedResultExtensions
{
    public static IResult Replayed(this IResultExtensions _, IdempotencyRecord record) =>
        new ReplayedResult(record);

    private sealed class ReplayedResult(IdempotencyRecord record) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            CommandAnswer.Write(httpContext, record.Status, record.Location, record.ETag, record.Body, replayed: true);
    }
}
