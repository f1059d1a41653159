namespace HaiDuong.Agri.Domain.Common;

/// <summary>A refusal by a domain rule. <see cref="Code"/> is stable: clients switch on it.</summary>
public sealed record DomainError(string Code, string Title, string Detail)
{
    public IReadOnlyDictionary<string, object?> Data { get; init; } = new Dictionary<string, object?>();
}

/// <summary>The result of a pure decision: events to append, a refusal, or "already done" for a repeated step.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, DomainError? error, Guid? duplicateOf)
    {
        Events = events;
        Error = error;
        DuplicateOf = duplicateOf;
    }

    public IReadOnlyList<object> Events { get; }

    public DomainError? Error { get; }

    /// <summary>The step this command repeats (same client step id); nothing is appended.</summary>
    public Guid? DuplicateOf { get; }

    public bool IsAccepted => Error is null;

    public static Decision Accept(params object[] events) => new(events, null, null);

    public static Decision Reject(DomainError error) => new([], error, null);

    public static Decision AlreadyApplied(Guid stepId) => new([], null, stepId);
}
