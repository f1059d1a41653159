using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

public sealed record RevokeHouseholdSession(Caller Caller, Guid HouseholdId, Guid SessionId) : ICommand;

public sealed class RevokeHouseholdSessionHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RevokeHouseholdSession>
{
    public async ValueTask<Unit> Handle(RevokeHouseholdSession command, CancellationToken cancellationToken)
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

        return Unit.Value;
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
