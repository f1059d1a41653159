using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Sessions;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.Auth;

/// <summary>An issued API key; only the SHA-256 of the secret is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }

    public required string Hash { get; init; }

    public Role Role { get; init; }

    public Guid? HouseholdId { get; init; }

    public Guid? CooperativeId { get; init; }

    public Guid? CertificationBodyId { get; init; }

    public string? Marketplace { get; init; }

    public required string Label { get; init; }

    public Instant CreatedAt { get; init; }

    public Instant? RevokedAt { get; set; }

    public Caller ToCaller() => new(Id.ToString(), Role, HouseholdId, CooperativeId, CertificationBodyId, Marketplace);
}

public static class ApiKeySecrets
{
    public const string Prefix = "agri_";

    /// <summary>A new secret: 256 bits from the operating system's cryptographic source.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Keys are 256-bit random secrets, so one SHA-256 is enough to store them safely (no password stretching needed).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The admin key from <c>Agri:AdminApiKey</c> (or generated at start-up), held only as its hash.</summary>
public sealed class AdminKey(string secret)
{
    private readonly byte[] hash = Encoding.ASCII.GetBytes(ApiKeySecrets.Hash(secret));

    public bool Matches(string secretHash) =>
        CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(secretHash));
}

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>, or else a browser session's cookie (on the API and the desk pages): 401
/// problem without a valid key or session, 403 problem for a role the route does not allow.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    AdminKey adminKey,
    IClock clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Request.Cookies.TryGetValue(SessionCookies.Session, out var token) && UsesSessions(Request.Path)
                ? await SessionAsync(token)
                : AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 200)
        {
            return AuthenticateResult.Fail("Authorization must be 'Bearer <api key>'.");
        }

        var hash = ApiKeySecrets.Hash(header["Bearer ".Length..].Trim());
        if (adminKey.Matches(hash))
        {
            return Success(new Caller("admin", Role.Admin));
        }

        await using var session = store.QuerySession();
        var key = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        return key is null || key.RevokedAt is not null
            ? AuthenticateResult.Fail("The API key is unknown or revoked.")
            : Success(key.ToCaller());
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    /// <summary>Public pages (trace, app shell, health) never look a cookie up: a scan costs no session query.</summary>
    private static bool UsesSessions(PathString path) => path.StartsWithSegments("/api") || IsPage(path);

    /// <summary>The server-rendered pages signed in with a browser session (the desk, the dashboard).</summary>
    public static bool IsPage(PathString path) => path.StartsWithSegments("/desk") || path.StartsWithSegments("/dashboard");

    private async Task<AuthenticateResult> SessionAsync(string token)
    {
        if (token.Length is 0 or > 100)
        {
            return AuthenticateResult.Fail("The session cookie is not valid.");
        }

        var hash = ApiKeySecrets.Hash(token);
        await using var session = store.QuerySession();
        var browser = await session.Query<BrowserSession>().FirstOrDefaultAsync(s => s.TokenHash == hash, Context.RequestAborted);
        if (browser is null || !browser.IsActive(clock.GetCurrentInstant())
            || (browser.AdminKeyHash is { } adminHash && !adminKey.Matches(adminHash)))
        {
            return AuthenticateResult.Fail("The session has ended: sign in again.");
        }

        var principal = browser.ToCaller().ToPrincipal(SchemeName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionCookies.CsrfClaim, browser.CsrfHash));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsPage(Request.Path))
        {
            // A browser page without a (live) session goes to the sign-in form, and comes back after it.
            var back = Request.Path + Request.QueryString;
            Response.StatusCode = StatusCodes.Status303SeeOther;
            Response.Headers.Location = $"/sign-in?ended=true&returnUrl={Uri.EscapeDataString(back)}";
            Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemWriter.WriteAsync(Context, new ProblemException(
            StatusCodes.Status401Unauthorized, Problems.UnauthorizedCode, "An API key is required",
            "Send 'Authorization: Bearer <api key>' with a valid, unrevoked key."));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (IsPage(Request.Path) && HttpMethods.IsGet(Request.Method))
        {
            // A person at a browser whose session is of another role: say so in words, and offer to sign in with another key.
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Response.ContentType = "text/html; charset=utf-8";
            Response.Headers.CacheControl = "no-store";
            await Response.WriteAsync(ForbiddenPage, Context.RequestAborted);
            return;
        }

        await ProblemWriter.WriteAsync(Context, Problems.Forbidden("Your API key's role may not use this route."));
    }

    private const string ForbiddenPage = """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Không có quyền · HaiDuong.Agri</title><link rel="stylesheet" href="/desk/desk.css"></head>
        <body><header class="top"><div class="brand"><strong>HaiDuong.Agri</strong></div></header>
        <main><h1>Không có quyền truy cập</h1>
        <p class="problem" role="alert">Khoá bạn đang dùng không được mở trang này. Bàn làm việc dành cho văn phòng hợp tác xã; bảng điều hành dành cho cán bộ của tỉnh.</p>
        <p><a class="button" href="/sign-in">Đăng nhập bằng khoá khác</a></p></main></body></html>
        """;
}

public static class AuthorizationExtensions
{
    /// <summary>Only these roles may call the route (others: 403); ownership is checked by the handler (others' objects: 404).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(roles.Select(Caller.RoleName))
            .Build());

    public static TBuilder RequireAnyRole<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(Enum.GetValues<Role>());
}
