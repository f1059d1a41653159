using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Households;
using JasperFx;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>Either an API key (typed by hand) or a household's one-time sign-in code (from its card).</summary>
public sealed record SignInRequest(string? Key, string? SignInCode);

public sealed record SignIn(SignInRequest Body, string? Device) : ICommand<OpenedSession>, IValidated
{
    public void Validate(Validator v)
    {
        if ((Body.Key is null) == (Body.SignInCode is null))
        {
            v.Fail(Body.Key is null ? "signInCode" : "key", "Send either key or signInCode, not both and not neither.");
        }

        v.Text("key", Body.Key, required: false, maxLength: 200);
        v.Text("signInCode", Body.SignInCode, required: false, maxLength: 40);
    }
}

/// <summary>A new session and the two secrets its cookies carry (shown only in the Set-Cookie answer).</summary>
public sealed record OpenedSession(BrowserSession Session, string Token, string Csrf);

public sealed class SignInHandler(IDocumentStore store, AdminKey adminKey, IClock clock, IOptions<SessionOptions> options)
    : ICommandHandler<SignIn, OpenedSession>
{
    public const string SignInFailedCode = "sign-in-failed";

    public async ValueTask<OpenedSession> Handle(SignIn command, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var (token, csrf) = (SessionCookies.NewSecret(), SessionCookies.NewSecret());
        await using var session = store.LightweightSession();
        var opened = command.Body.Key is { } key
            ? await FromKeyAsync(session, key, cancellationToken)
            : await FromCodeAsync(session, command.Body.SignInCode!, now, cancellationToken);
        var browser = new BrowserSession
        {
            Id = opened.Id ?? Guid.CreateVersion7(),
            TokenHash = ApiKeySecrets.Hash(token),
            CsrfHash = ApiKeySecrets.Hash(csrf),
            Via = opened.Via,
            Role = opened.Caller.Role,
            HouseholdId = opened.Caller.HouseholdId,
            CooperativeId = opened.Caller.CooperativeId,
            CertificationBodyId = opened.Caller.CertificationBodyId,
            Marketplace = opened.Caller.Marketplace,
            KeyId = opened.Via == SessionVia.ApiKey ? opened.Caller.KeyId : null,
            AdminKeyHash = opened.AdminKeyHash,
            Device = command.Device is { Length: > 200 } device ? device[..200] : command.Device,
            CreatedAt = now,
            ExpiresAt = now + Duration.FromTimeSpan(
                opened.Caller.Role == Role.Household ? options.Value.HouseholdLifetime : options.Value.OfficeLifetime),
        };

        // A code's session takes the code's id, so a code raced in twice opens one session: the other insert fails.
        session.Insert(browser);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            throw Failed();
        }

        return new OpenedSession(browser, token, csrf);
    }

    private async Task<(Caller Caller, SessionVia Via, Guid? Id, string? AdminKeyHash)> FromKeyAsync(IDocumentSession session, string key, CancellationToken ct)
    {
        var hash = ApiKeySecrets.Hash(key.Trim());
        if (adminKey.Matches(hash))
        {
            return (new Caller("admin", Role.Admin), SessionVia.ApiKey, null, hash);
        }

        var apiKey = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash, ct);
        return apiKey is null || apiKey.RevokedAt is not null
            ? throw Failed()
            : (apiKey.ToCaller(), SessionVia.ApiKey, null, null);
    }

    private static async Task<(Caller Caller, SessionVia Via, Guid? Id, string? AdminKeyHash)> FromCodeAsync(
        IDocumentSession session, string typed, Instant now, CancellationToken ct)
    {
        var hash = SignInCodeText.Normalize(typed) is { } normalized ? ApiKeySecrets.Hash(normalized) : null;
        var code = hash is null ? null : await session.Query<SignInCode>().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
        if (code is null || code.RedeemedAt is not null || now >= code.ExpiresAt
            || await session.LoadAsync<Household>(code.HouseholdId, ct) is null)
        {
            throw Failed();
        }

        code.RedeemedAt = now;
        session.Store(code);
        return (new Caller($"session:{code.Id}", Role.Household, code.HouseholdId), SessionVia.SignInCode, code.Id, null);
    }

    private static ProblemException Failed() => new(
        StatusCodes.Status401Unauthorized, SignInFailedCode, "Sign-in failed",
        "The key or sign-in code is unknown, revoked, already used or expired. Ask the cooperative for a new sign-in card.");
}
