using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>
/// Who the caller is: for a browser session, the session (the household app shows the name and keeps it for offline
/// starts); for an API key, the key's role and scope with no session fields.
/// </summary>
public sealed record CurrentSessionView(
    Guid? SessionId,
    SessionVia Via,
    Role Role,
    Guid? HouseholdId,
    string? HouseholdName,
    Guid? CooperativeId,
    Instant? CreatedAt,
    Instant? ExpiresAt);

public sealed record GetCurrentSession(Caller Caller) : IQuery<CurrentSessionView>;

/// <summary>Signs the browser out: its session stops working at once, on every request that still carries the cookie.</summary>
public sealed record SignOut(Caller Caller) : ICommand<CommandAnswer>;

public sealed class CurrentSessionHandlers(IQuerySession query, IDocumentStore store, IClock clock)
    : IQueryHandler<GetCurrentSession, CurrentSessionView>, ICommandHandler<SignOut, CommandAnswer>
{
    public async ValueTask<CurrentSessionView> Handle(GetCurrentSession request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var session = caller.SessionId is { } sessionId ? await query.LoadAsync<BrowserSession>(sessionId, cancellationToken) : null;
        var household = caller.HouseholdId is { } id ? await query.LoadAsync<Household>(id, cancellationToken) : null;
        return new CurrentSessionView(
            session?.Id, session?.Via ?? SessionVia.ApiKey, caller.Role, caller.HouseholdId, household?.Name,
            caller.CooperativeId ?? household?.CooperativeId, session?.CreatedAt, session?.ExpiresAt);
    }

    public async ValueTask<CommandAnswer> Handle(SignOut command, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var browser = await session.LoadAsync<BrowserSession>(SessionIdOf(command.Caller), cancellationToken) ?? throw NoSession();
        browser.RevokedAt ??= clock.GetCurrentInstant();
        session.Store(browser);
        await session.SaveChangesAsync(cancellationToken);
        return CommandAnswer.NoContent();
    }

    private static Guid SessionIdOf(Caller caller) => caller.SessionId ?? throw NoSession();

    private static ProblemException NoSession() => new(
        StatusCodes.Status404NotFound, "not-found", "Not found", "This request was not made with a browser session (it carries an API key).");
}
