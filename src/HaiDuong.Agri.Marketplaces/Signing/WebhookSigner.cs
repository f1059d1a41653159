using System.Security.Cryptography;
using System.Text;

namespace HaiDuong.Agri.Marketplaces.Signing;

/// <summary>The <c>X-Agri-Signature</c> our webhook receivers check.</summary>
public static class WebhookSigner
{
    public const string Prefix = "sha256=";

    /// <summary><c>sha256=</c> + lowercase hex HMAC-SHA256(secret, raw body): over the exact bytes sent, never a re-serialisation.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? signatureHeader) =>
        signatureHeader is not null
        && signatureHeader.StartsWith(Prefix, StringComparison.Ordinal)
        && Hmac.HexEquals(Sign(body, secret)[Prefix.Length..], signatureHeader[Prefix.Length..]);
}
