using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>One of a household's browser sessions (a phone), as its cooperative sees it to revoke a lost one.</summary>
public sealed record SessionView(
    Guid Id, SessionVia Via, string? Device, Instant CreatedAt, Instant ExpiresAt, Instant? RevokedAt, bool Active);

public sealed record SessionList(IReadOnlyList<SessionView> Items);

public sealed record ListHouseholdSessions(Caller Caller, Guid HouseholdId) : IQuery<SessionList>;

public sealed class ListHouseholdSessionsHandler(IQuerySession query, IClock clock) : IQueryHandler<ListHouseholdSessions, SessionList>
{
    /// <summary>The newest sessions first; a household has a handful, so the list stops at <see cref="MaxItems"/>.</summary>
    public const int MaxItems = 200;

    public async ValueTask<SessionList> Handle(ListHouseholdSessions request, CancellationToken cancellationToken)
    {
        await query.LoadForAsync(request.Caller, request.HouseholdId, "householdId", cancellationToken);
        var now = clock.GetCurrentInstant();
        var sessions = await query.Query<BrowserSession>()
            .Where(s => s.HouseholdId == request.HouseholdId)
            .OrderByDescending(s => s.CreatedAt)
            .Take(MaxItems)
            .ToListAsync(cancellationToken);
        return new SessionList([.. sessions.Select(s => new SessionView(s.Id, s.Via, s.Device, s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.IsActive(now)))]);
    }
}
