namespace HaiDuong.Agri.Api.Infrastructure.Commands;

/// <summary>
/// What a command did, in its own terms: the view of what it created or changed, the version of that thing's event stream
/// after the change (null when it is not a stream), and whether the command created it. Handlers answer this; the
/// endpoint turns it into the HTTP answer (status, <c>Location</c>, <c>ETag</c>) and the idempotency record.
/// </summary>
public sealed record Outcome<T>(T View, long? Version, bool IsNew)
    where T : notnull;

public static class Outcome
{
    public static Outcome<T> Created<T>(T view, long? version = null)
        where T : notnull => new(view, version, IsNew: true);

    public static Outcome<T> Changed<T>(T view, long? version = null)
        where T : notnull => new(view, version, IsNew: false);
}
