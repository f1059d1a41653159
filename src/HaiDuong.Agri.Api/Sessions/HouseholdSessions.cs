using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>One of a household's browser sessions (a phone), as its cooperative sees it to revoke a lost one.</summary>
public sealed record SessionView(
    Guid Id, SessionVia Via, string? Device, Instant CreatedAt, Instant ExpiresAt, Instant? RevokedAt, bool Active);

public sealed record SessionList(IReadOnlyList<SessionView> Items);

public sealed record ListHouseholdSessions(Caller Caller, Guid HouseholdId) : IQuery<SessionList>;

public sealed record RevokeHouseholdSession(Caller Caller, Guid HouseholdId, Guid SessionId) : ICommand<CommandAnswer>;

public sealed class HouseholdSessionHandlers(UnitOfWork unitOfWork, IQuerySession query, IClock clock)
    : IQueryHandler<ListHouseholdSessions, SessionList>, ICommandHandler<RevokeHouseholdSession, CommandAnswer>
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

    public async ValueTask<CommandAnswer> Handle(RevokeHouseholdSession command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        await session.LoadForAsync(command.Caller, command.HouseholdId, "householdId", cancellationToken);
        var browser = await session.LoadAsync<BrowserSession>(command.SessionId, cancellationToken);
        if (browser is null || browser.HouseholdId != command.HouseholdId)
        {
            throw Problems.NotFound("session");
        }

        if (browser.RevokedAt is null)
        {
            browser.RevokedAt = clock.GetCurrentInstant();
            session.Store(browser);
        }

        return CommandAnswer.NoContent();
    }
}

public static class KeySessions
{
    /// <summary>Ends every browser session opened with the API key <paramref name="keyId"/> (the key was revoked).</summary>
    public static async Task RevokeOpenedWithAsync(this IDocumentSession session, string keyId, Instant now, CancellationToken ct)
    {
        var sessions = await session.Query<BrowserSession>().Where(s => s.KeyId == keyId && s.RevokedAt == null).ToListAsync(ct);
        foreach (var browser in sessions)
        {
            browser.RevokedAt = now;
            session.Store(browser);
        }
    }
}
