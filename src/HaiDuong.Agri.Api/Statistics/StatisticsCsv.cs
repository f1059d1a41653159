using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Listings;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>The dashboard's charts, one download each.</summary>
public enum StatisticsChart
{
    /// <summary>The per-commune table: figures as they stand now and the period's.</summary>
    Communes,

    /// <summary>Households reaching each milestone in the period, and so far.</summary>
    Funnel,

    /// <summary>Orders and their value per month and marketplace.</summary>
    Transactions,

    /// <summary>Stamp scans per day.</summary>
    Scans,

    /// <summary>Certificates expiring in the next 60 days.</summary>
    Certificates,
}

/// <summary>
/// The statistics as CSV for the IOC's spreadsheets, one file per chart, headers and labels in Vietnamese (or English):
/// numbers are plain integers and dates <c>yyyy-MM-dd</c>, so a spreadsheet sorts and sums them as they are.
/// </summary>
public static class StatisticsCsv
{
    private static readonly Marketplace[] Marketplaces = Enum.GetValues<Marketplace>();

    private static readonly Milestone[] Milestones =
    [
        new("registered", "Đăng ký", "Registered", h => h.Registered),
        new("trained", "Đã tập huấn", "Trained", h => h.Trained),
        new("account-linked", "Có tài khoản sàn", "Marketplace account linked", h => h.WithMarketplaceAccount),
        new("listed", "Có sản phẩm niêm yết", "Listed", h => h.WithListings),
        new("selling", "Đã bán hàng", "Selling", h => h.Selling),
    ];

    public static CsvFile Write(StatisticsChart chart, ProvinceStatistics statistics, string? communeCode, CsvLanguage language)
    {
        var vi = language == CsvLanguage.Vi;
        string T(string vietnamese, string english) => vi ? vietnamese : english;
        var rows = chart switch
        {
            StatisticsChart.Communes => Communes(statistics, T),
            StatisticsChart.Funnel => Funnel(statistics, T),
            StatisticsChart.Transactions => Transactions(statistics, T),
            StatisticsChart.Scans => Scans(statistics, T),
            _ => Certificates(statistics, T),
        };
        var name = chart switch
        {
            StatisticsChart.Communes => T("thống-kê-theo-xã", "statistics-by-commune"),
            StatisticsChart.Funnel => T("phễu-tham-gia-thương-mại-điện-tử", "onboarding-funnel"),
            StatisticsChart.Transactions => T("giao-dịch-theo-tháng", "transactions-by-month"),
            StatisticsChart.Scans => T("lượt-quét-theo-ngày", "scans-by-day"),
            _ => T("chứng-nhận-sắp-hết-hạn", "certificates-expiring"),
        };
        var (from, to) = chart == StatisticsChart.Certificates
            ? (statistics.CertificatesExpiring.From, statistics.CertificatesExpiring.Until)
            : (statistics.Period.From, statistics.Period.To);
        var commune = communeCode is null ? "" : T($"_xã-{communeCode}", $"_commune-{communeCode}");
        return new CsvFile($"{name}{commune}_{Date(from)}_{Date(to)}.csv", CsvDownload.Write(rows));
    }

    private static IEnumerable<IReadOnlyList<string>> Communes(ProvinceStatistics s, Func<string, string, string> t)
    {
        yield return
        [
            t("Mã xã", "Commune code"), t("Tên xã", "Commune name"), t("Mã tỉnh", "Province code"), t("Tên tỉnh", "Province name"),
            t("Hộ đã đăng ký", "Households registered"), t("Hộ đã tập huấn", "Households trained"),
            t("Hộ có tài khoản sàn", "Households with a marketplace account"), t("Hộ có sản phẩm niêm yết", "Households with listings"),
            t("Hộ đã bán hàng", "Households selling"), t("Sản phẩm đang niêm yết", "Products listed"),
            t("Số giao dịch", "Transactions"), t("Giá trị giao dịch (VND)", "Transaction value (VND)"),
            .. Marketplaces.SelectMany(m => new[]
            {
                t($"Số giao dịch {Display(m)}", $"{Display(m)} transactions"),
                t($"Giá trị giao dịch {Display(m)} (VND)", $"{Display(m)} transaction value (VND)"),
            }),
            t("Hộ đăng ký trong kỳ", "Households registered in the period"), t("Hộ tập huấn trong kỳ", "Households trained in the period"),
            t("Hộ liên kết tài khoản sàn trong kỳ", "Households linking a marketplace account in the period"),
            t("Hộ niêm yết sản phẩm trong kỳ", "Households listing in the period"), t("Hộ bắt đầu bán hàng trong kỳ", "Households starting to sell in the period"),
            t("Số giao dịch trong kỳ", "Transactions in the period"), t("Giá trị giao dịch trong kỳ (VND)", "Transaction value in the period (VND)"),
        ];
        foreach (var c in s.ByCommune)
        {
            var h = c.Households;
            var p = c.Period.Households;
            yield return
            [
                c.CommuneCode, c.CommuneName ?? "", c.ProvinceCode, c.ProvinceName ?? "", N(h.Registered), N(h.Trained), N(h.WithMarketplaceAccount), N(h.WithListings), N(h.Selling),
                N(c.Products.Listed), N(c.Transactions.Count), N(c.Transactions.TotalVnd),
                .. Marketplaces.SelectMany(m => c.Transactions.ByMarketplace.GetValueOrDefault(ListingDecisions.Name(m)) is { } f
                    ? new[] { N(f.Count), N(f.TotalVnd) }
                    : ["0", "0"]),
                N(p.Registered), N(p.Trained), N(p.WithMarketplaceAccount), N(p.WithListings), N(p.Selling),
                N(c.Period.Transactions.Count), N(c.Period.Transactions.TotalVnd),
            ];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Funnel(ProvinceStatistics s, Func<string, string, string> t)
    {
        yield return [t("Mã mốc", "Code"), t("Mốc", "Milestone"), t("Số hộ đạt trong kỳ", "Households reaching it in the period"), t("Số hộ đến nay", "Households so far")];
        foreach (var m in Milestones)
        {
            yield return [m.Code, t(m.Vietnamese, m.English), N(m.Count(s.Period.Households)), N(m.Count(s.Households))];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Transactions(ProvinceStatistics s, Func<string, string, string> t)
    {
        yield return [t("Tháng", "Month"), t("Sàn", "Marketplace"), t("Số giao dịch", "Transactions"), t("Giá trị giao dịch (VND)", "Transaction value (VND)")];
        foreach (var month in s.Months)
        {
            foreach (var m in Marketplaces)
            {
                var figures = month.Transactions.ByMarketplace.GetValueOrDefault(ListingDecisions.Name(m));
                yield return [month.Month, Display(m), N(figures?.Count ?? 0), N(figures?.TotalVnd ?? 0)];
            }
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Scans(ProvinceStatistics s, Func<string, string, string> t)
    {
        yield return [t("Ngày", "Date"), t("Lượt quét", "Scans")];
        foreach (var day in s.ScansByDay)
        {
            yield return [Date(day.Date), N(day.Scans)];
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Certificates(ProvinceStatistics s, Func<string, string, string> t)
    {
        yield return [t("Số chứng nhận", "Certificate number"), t("Tiêu chuẩn", "Scheme"), t("Hiệu lực đến", "Valid until"), t("Trạng thái", "Status"), t("Mã xã", "Commune codes")];
        foreach (var c in s.CertificatesExpiring.Items)
        {
            yield return
            [
                c.CertificateNumber,
                c.Scheme == Scheme.Vietgap ? "VietGAP" : "GLOBALG.A.P.",
                Date(c.ValidUntil),
                c.Status == CertificateStatus.Suspended ? t("Đang đình chỉ", "Suspended") : t("Còn hiệu lực", "Valid"),
                string.Join(' ', c.CommuneCodes),
            ];
        }
    }

    private static string Display(Marketplace marketplace) => marketplace switch
    {
        Marketplace.Shopee => "Shopee",
        Marketplace.Lazada => "Lazada",
        Marketplace.Tiktok => "TikTok Shop",
        _ => "Webhook",
    };

    private static string N(long value) => CsvDownload.Number(value);

    private static string Date(NodaTime.LocalDate date) => LocalDatePattern.Iso.Format(date);

    private sealed record Milestone(string Code, string Vietnamese, string English, Func<HouseholdCounts, long> Count);
}
