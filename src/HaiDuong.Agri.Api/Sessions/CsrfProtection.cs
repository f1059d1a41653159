using System.Security.Cryptography;
using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>
/// A request that acts through a session cookie and changes something must carry the session's anti-forgery token
/// (header <c>X-CSRF-Token</c>, or form field <c>__csrf</c>); another site can make a browser send the cookie, but
/// cannot read the token. Requests with an API key header carry no cookie authority and need none.
/// </summary>
public static class CsrfProtection
{
    public const string InvalidTokenCode = "csrf-token-invalid";

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var expected = http.User.FindFirst(SessionCookies.CsrfClaim)?.Value;
        if (expected is not null && !IsSafe(http.Request.Method) && !Matches(expected, await SentTokenAsync(http.Request)))
        {
            await ProblemWriter.WriteAsync(http, new ProblemException(
                StatusCodes.Status403Forbidden, InvalidTokenCode, "The anti-forgery token is missing or wrong",
                $"A request made with a session cookie must send the session's token in the {SessionCookies.CsrfHeader} header (the {SessionCookies.Csrf} cookie's value) or the {SessionCookies.CsrfFormField} form field."));
            return;
        }

        await next(http);
    });

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static async Task<string?> SentTokenAsync(HttpRequest request)
    {
        if (request.Headers.TryGetValue(SessionCookies.CsrfHeader, out var header))
        {
            return header.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form[SessionCookies.CsrfFormField].ToString();
        }

        return null;
    }

    private static bool Matches(string expectedHash, string? sent) =>
        sent is { Length: > 0 and <= 100 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHash), Encoding.ASCII.GetBytes(ApiKeySecrets.Hash(sent)));
}
