using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Common;
using JasperFx.Events;
using Marten;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>The fetch and append halves every stream command shares; the decision in between is the command's own.</summary>
public static class StreamAccess
{
    /// <summary>
    /// The stream for writing, if it exists and <paramref name="visible"/> says the caller may act on it (else 404, naming
    /// <paramref name="field"/> when the id came in the body), at the version the client expects (else 412).
    /// </summary>
    public static async Task<IEventStream<T>> FetchOwnedAsync<T>(
        this IDocumentSession session, Guid id, long? expectedVersion, Func<T, bool> visible, string what, CancellationToken ct, string? field = null)
        where T : class
    {
        // Marten refuses the empty GUID as a stream id (it would start a stream); no object has it, so it is a 404.
        if (id == Guid.Empty)
        {
            throw field is null ? Problems.NotFound(what) : Problems.NotFound(what, field);
        }

        var stream = await session.Events.FetchForWriting<T>(id, ct);
        if (stream.Aggregate is not { } aggregate || !visible(aggregate))
        {
            throw field is null ? Problems.NotFound(what) : Problems.NotFound(what, field);
        }

        return expectedVersion is { } expected && stream.CurrentVersion != expected
            ? throw Problems.VersionMismatch(stream.CurrentVersion)
            : stream;
    }

    /// <summary>The decision's events, or its refusal as a 409 problem.</summary>
    public static IReadOnlyList<object> Accepted(this Decision decision) =>
        decision.Error is { } error ? throw Problems.Refused(error) : decision.Events;
}
