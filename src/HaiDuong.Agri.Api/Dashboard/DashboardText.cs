using System.Text.RegularExpressions;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>
/// The dashboard's Vietnamese for what the API says in English: the statistics' validation messages (shown next to the
/// filter they concern) and the marketplaces' display names. Pure.
/// </summary>
public static partial class DashboardText
{
    /// <summary>
    /// The Vietnamese for a validation message of <c>GET /api/v1/stats</c>'s filters (<c>communeCode</c>, <c>from</c>,
    /// <c>to</c>); an unknown message gets a general sentence (the English stays in the problem the API answers).
    /// </summary>
    public static string FieldMessage(string field, string message)
    {
        if (message.StartsWith("Expected a calendar date", StringComparison.Ordinal))
        {
            return "Ngày không hợp lệ: nhập theo dạng năm-tháng-ngày (yyyy-MM-dd) trong khoảng năm 1900 đến 9000, ví dụ 2026-06-01.";
        }

        if (BeforeTo().Match(message) is { Success: true } before)
        {
            return $"Ngày bắt đầu phải trước hoặc trùng ngày kết thúc ({VietnameseDate(before.Groups[1].Value)}).";
        }

        if (AtMostDays().Match(message) is { Success: true } days)
        {
            return $"Khoảng thời gian dài nhất là {days.Groups[1].Value} ngày.";
        }

        if (message.StartsWith("Must be 1 to", StringComparison.Ordinal) && message.Contains("digits", StringComparison.Ordinal))
        {
            return "Mã xã chỉ gồm chữ số, ví dụ 10507.";
        }

        return field switch
        {
            "communeCode" => "Mã xã không hợp lệ.",
            "from" => "Ngày bắt đầu không hợp lệ.",
            "to" => "Ngày kết thúc không hợp lệ.",
            _ => "Giá trị không hợp lệ.",
        };
    }

    /// <summary>What the page says of query parameters it does not take.</summary>
    public static string UnknownParameters(IReadOnlyList<string> unknown, IReadOnlyList<string> taken) =>
        $"Địa chỉ có tham số không dùng được: {string.Join(", ", unknown)}. Trang chỉ nhận: {string.Join(", ", taken)}.";

    /// <summary><c>yyyy-MM-dd</c> as Việt Nam writes it, <c>dd/MM/yyyy</c>; anything else unchanged.</summary>
    public static string VietnameseDate(string iso) =>
        IsoDate().Match(iso) is { Success: true } m ? $"{m.Groups[3].Value}/{m.Groups[2].Value}/{m.Groups[1].Value}" : iso;

    /// <summary>A marketplace's name as people know it (<c>shopee</c> → Shopee).</summary>
    public static string Marketplace(string name) => name switch
    {
        "shopee" => "Shopee",
        "lazada" => "Lazada",
        "tiktok" => "TikTok Shop",
        "webhook" => "Webhook",
        _ => name,
    };

    [GeneratedRegex(@"^Must be on or before \w+ \((\d{4}-\d{2}-\d{2})\)\.$")]
    private static partial Regex BeforeTo();

    [GeneratedRegex(@"^The range may cover at most (\d+) days\.$")]
    private static partial Regex AtMostDays();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})$")]
    private static partial Regex IsoDate();
}
