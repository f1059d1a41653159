using System.Security.Claims;

namespace HaiDuong.Agri.Api.Infrastructure.Auth;

public enum Role
{
    Admin,
    Cooperative,
    Household,
    Auditor,
    Marketplace,

    /// <summary>The province's officials (IOC, Sở NN&amp;PTNT): statistics and their exports, read-only; no scope.</summary>
    Official,
}

/// <summary>Who is calling: the API key's role and scope, read from the authenticated principal.</summary>
public sealed record Caller(
    string KeyId,
    Role Role,
    Guid? HouseholdId = null,
    Guid? CooperativeId = null,
    Guid? CertificationBodyId = null,
    string? Marketplace = null,
    Guid? SessionId = null)
{
    public const string KeyIdClaim = "agri:key";
    public const string HouseholdClaim = "agri:household";
    public const string CooperativeClaim = "agri:cooperative";
    public const string CertificationBodyClaim = "agri:certification-body";
    public const string MarketplaceClaim = "agri:marketplace";
    public const string SessionClaim = "agri:session";

    public static string RoleName(Role role) => role.ToString().ToLowerInvariant();

    public static Caller From(ClaimsPrincipal user)
    {
        var keyId = user.FindFirst(KeyIdClaim)?.Value
            ?? throw new InvalidOperationException("The endpoint needs an authenticated caller; add RequireRoles.");
        var role = Enum.Parse<Role>(user.FindFirst(ClaimTypes.Role)!.Value, ignoreCase: true);
        return new Caller(
            keyId,
            role,
            GuidClaim(user, HouseholdClaim),
            GuidClaim(user, CooperativeClaim),
            GuidClaim(user, CertificationBodyClaim),
            user.FindFirst(MarketplaceClaim)?.Value,
            GuidClaim(user, SessionClaim));
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(KeyIdClaim, KeyId), new(ClaimTypes.Role, RoleName(Role)) };
        Add(claims, HouseholdClaim, HouseholdId?.ToString());
        Add(claims, CooperativeClaim, CooperativeId?.ToString());
        Add(claims, CertificationBodyClaim, CertificationBodyId?.ToString());
        Add(claims, MarketplaceClaim, Marketplace);
        Add(claims, SessionClaim, SessionId?.ToString());
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// Whether this caller may act for a household: an admin always, a household for itself,
    /// a cooperative for its member households.
    /// </summary>
    public bool ActsFor(Guid householdId, Guid? householdCooperativeId) => Role switch
    {
        Role.Admin => true,
        Role.Household => HouseholdId == householdId,
        Role.Cooperative => householdCooperativeId is not null && CooperativeId == householdCooperativeId,
        _ => false,
    };

    private static Guid? GuidClaim(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirst(type)?.Value, out var id) ? id : null;

    private static void Add(List<Claim> claims, string type, string? value)
    {
        if (value is not null)
        {
            claims.Add(new Claim(type, value));
        }
    }
}

public static class CallerExtensions
{
    public static Caller Caller(this HttpContext http) => Auth.Caller.From(http.User);
}
