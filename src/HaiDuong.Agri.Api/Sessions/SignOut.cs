using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>Signs the browser out: its session stops working at once, on every request that still carries the cookie.</summary>
public sealed record SignOut(Caller Caller) : ICommand;

public sealed class SignOutHandler(IDocumentStore store, IClock clock) : ICommandHandler<SignOut>
{
    public async ValueTask<Unit> Handle(SignOut command, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var browser = await session.LoadAsync<BrowserSession>(SessionIdOf(command.Caller), cancellationToken) ?? throw NoSession();
        browser.RevokedAt ??= clock.GetCurrentInstant();
        session.Store(browser);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    private static Guid SessionIdOf(Caller caller) => caller.SessionId ?? throw NoSession();

    private static ProblemException NoSession() => new(
        StatusCodes.Status404NotFound, "not-found", "Not found", "This request was not made with a browser session (it carries an API key).");
}
