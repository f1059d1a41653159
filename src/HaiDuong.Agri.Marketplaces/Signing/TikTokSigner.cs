using System.Security.Cryptography;
using System.Text;

namespace HaiDuong.Agri.Marketplaces.Signing;

/// <summary>TikTok Shop Open API (202309) signature: query and raw body, wrapped in the app secret.</summary>
public static class TikTokSigner
{
    /// <summary>
    /// Lowercase hex HMAC-SHA256(secret, secret + path + sorted(name + value, without sign and access_token) + body + secret).
    /// The body is the exact bytes sent (empty for GET; multipart bodies are not signed and must not be passed).
    /// </summary>
    public static string Sign(string path, IEnumerable<KeyValuePair<string, string>> query, ReadOnlySpan<byte> body, string appSecret)
    {
        var head = new StringBuilder(appSecret).Append(path);
        foreach (var (name, value) in query.Where(p => p.Key is not ("sign" or "access_token")).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            head.Append(name).Append(value);
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(appSecret));
        hmac.AppendData(Encoding.UTF8.GetBytes(head.ToString()));
        hmac.AppendData(body);
        hmac.AppendData(Encoding.UTF8.GetBytes(appSecret));
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    public static bool Verify(string path, IEnumerable<KeyValuePair<string, string>> query, ReadOnlySpan<byte> body, string appSecret, string? sign) =>
        Hmac.HexEquals(Sign(path, query, body, appSecret), sign);
}
