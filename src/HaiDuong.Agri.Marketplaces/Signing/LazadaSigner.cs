using System.Text;

namespace HaiDuong.Agri.Marketplaces.Signing;

/// <summary>Lazada Open Platform signature over every text parameter (query and form).</summary>
public static class LazadaSigner
{
    /// <summary>
    /// UPPERCASE hex HMAC-SHA256(app_secret, api_path + name1 + value1 + name2 + value2 …), parameters sorted by name
    /// (ordinal, as ASCII), <c>sign</c> itself left out.
    /// </summary>
    public static string Sign(string apiPath, IEnumerable<KeyValuePair<string, string>> parameters, string appSecret)
    {
        var message = new StringBuilder(apiPath);
        foreach (var (name, value) in parameters.Where(p => p.Key != "sign").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            message.Append(name).Append(value);
        }

        return Convert.ToHexString(Hmac.Sha256(appSecret, message.ToString()));
    }

    public static bool Verify(string apiPath, IEnumerable<KeyValuePair<string, string>> parameters, string appSecret, string? sign) =>
        Hmac.HexEquals(Sign(apiPath, parameters, appSecret), sign);
}
