using System.Security.Cryptography;
using System.Text;

namespace HaiDuong.Agri.Marketplaces.Signing;

/// <summary>HMAC-SHA256 over UTF-8 text and a constant-time hex comparison, shared by the platform signers.</summary>
internal static class Hmac
{
    public static byte[] Sha256(string key, string message) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message));

    /// <summary>Compares hex signatures without leaking where they differ; case-insensitive, as platforms differ.</summary>
    public static bool HexEquals(string expected, string? given) =>
        given is not null
        && given.Length == expected.Length
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
}
