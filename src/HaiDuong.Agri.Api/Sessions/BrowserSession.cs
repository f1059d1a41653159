using System.Security.Cryptography;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>How a browser session was opened.</summary>
public enum SessionVia
{
    SignInCode,
    ApiKey,
}

/// <summary>
/// A browser's signed-in session: the cookie holds a 256-bit secret of which only the SHA-256 is stored, and the session
/// acts with the role and scope it was opened with. The anti-forgery token is kept as its hash too.
/// </summary>
public sealed class BrowserSession
{
    public Guid Id { get; init; }

    public required string TokenHash { get; init; }

    public required string CsrfHash { get; init; }

    public SessionVia Via { get; init; }

    public Role Role { get; init; }

    public Guid? HouseholdId { get; init; }

    public Guid? CooperativeId { get; init; }

    public Guid? CertificationBodyId { get; init; }

    public string? Marketplace { get; init; }

    /// <summary>The API key it was opened with ("admin" for the configured admin key); null when opened by a sign-in code.</summary>
    public string? KeyId { get; init; }

    /// <summary>For the configured admin key: its hash, so a changed admin key ends the session.</summary>
    public string? AdminKeyHash { get; init; }

    /// <summary>The browser's own description of itself (User-Agent, cut to 200 characters), to tell phones apart.</summary>
    public string? Device { get; init; }

    public Instant CreatedAt { get; init; }

    public Instant ExpiresAt { get; init; }

    public Instant? RevokedAt { get; set; }

    public bool IsActive(Instant now) => RevokedAt is null && now < ExpiresAt;

    public Caller ToCaller() => new(KeyId ?? $"session:{Id}", Role, HouseholdId, CooperativeId, CertificationBodyId, Marketplace, Id);
}

/// <summary>How long sessions and sign-in codes last (<c>Agri:Sessions</c>).</summary>
public sealed class SessionOptions
{
    /// <summary>A household's phone stays signed in this long (it is revoked by its cooperative when lost).</summary>
    public TimeSpan HouseholdLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Sessions of every other role (an office desk, an official's dashboard).</summary>
    public TimeSpan OfficeLifetime { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan SignInCodeValidity { get; set; } = TimeSpan.FromDays(7);
}

public static class SessionCookies
{
    public const string Session = "agri_session";

    /// <summary>Readable by the page's script, which sends it back as <see cref="CsrfHeader"/> (double submit, bound to the session).</summary>
    public const string Csrf = "agri_csrf";

    public const string CsrfHeader = "X-CSRF-Token";

    public const string CsrfFormField = "__csrf";

    public const string CsrfClaim = "agri:csrf";

    /// <summary>A new 256-bit secret, URL-safe.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static void Write(HttpResponse response, string token, string csrf, Instant expiresAt)
    {
        var expires = expiresAt.ToDateTimeOffset();
        var secure = response.HttpContext.Request.IsHttps;
        response.Cookies.Append(Session, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
        response.Cookies.Append(Csrf, csrf, new CookieOptions
        {
            HttpOnly = false,
            SameSite = SameSiteMode.Strict,
            Secure = secure,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
    }

    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Session, new CookieOptions { Path = "/", SameSite = SameSiteMode.Lax, HttpOnly = true });
        response.Cookies.Delete(Csrf, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict });
    }
}
