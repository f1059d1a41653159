using HaiDuong.Agri.Api.Infrastructure.Auth;
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

public sealed class GetCurrentSessionHandler(IQuerySession query) : IQueryHandler<GetCurrentSession, CurrentSessionView>
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
}
