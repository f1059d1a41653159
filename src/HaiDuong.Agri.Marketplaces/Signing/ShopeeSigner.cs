using System.Globalization;

namespace HaiDuong.Agri.Marketplaces.Signing;

/// <summary>Shopee Open Platform v2 shop-level signature (the body is not signed).</summary>
public static class ShopeeSigner
{
    /// <summary>Lowercase hex HMAC-SHA256(partner_key, partner_id + api_path + timestamp + access_token + shop_id).</summary>
    public static string Sign(long partnerId, string apiPath, long timestamp, string accessToken, string shopId, string partnerKey) =>
        Sign(string.Concat(partnerId.ToString(CultureInfo.InvariantCulture), apiPath, timestamp.ToString(CultureInfo.InvariantCulture), accessToken, shopId), partnerKey);

    /// <summary>Signs an already assembled base string.</summary>
    public static string Sign(string baseString, string partnerKey) => Convert.ToHexStringLower(Hmac.Sha256(partnerKey, baseString));

    public static bool Verify(long partnerId, string apiPath, long timestamp, string accessToken, string shopId, string partnerKey, string? sign) =>
        Hmac.HexEquals(Sign(partnerId, apiPath, timestamp, accessToken, shopId, partnerKey), sign);
}
