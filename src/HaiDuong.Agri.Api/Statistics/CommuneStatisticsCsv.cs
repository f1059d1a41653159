using System.Globalization;
using System.Text;
using HaiDuong.Agri.Api.Exports;
using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>
/// The per-commune table as CSV for the IOC's spreadsheets: UTF-8 with a byte order mark (so spreadsheet programs read the
/// Vietnamese names as such), a header row, one commune a row, each code with its register name beside it.
/// </summary>
public static class CommuneStatisticsCsv
{
    private static readonly string[] Marketplaces = [.. Enum.GetValues<Marketplace>().Select(ListingDecisions.Name)];

    /// <summary>
    /// One row per commune; numbers only apart from the codes and names, so a spreadsheet sorts and sums them as they are.
    /// Names are quoted as RFC 4180 says (and kept from running as formulas); a code no register names has an empty name.
    /// </summary>
    public static string Write(ProvinceStatistics statistics)
    {
        var csv = new StringBuilder();
        csv.Append("communeCode,communeName,provinceCode,provinceName,householdsRegistered,householdsTrained,householdsWithMarketplaceAccount,householdsWithListings,householdsSelling,productsListed,transactionsCount,transactionsTotalVnd");
        foreach (var marketplace in Marketplaces)
        {
            csv.Append(CultureInfo.InvariantCulture, $",{marketplace}TransactionsCount,{marketplace}TransactionsTotalVnd");
        }

        csv.Append("\r\n");
        foreach (var c in statistics.ByCommune)
        {
            var h = c.Households;
            csv.Append(CultureInfo.InvariantCulture, $"{c.CommuneCode},{Fsma204.Field(c.CommuneName ?? "")},{c.ProvinceCode},{Fsma204.Field(c.ProvinceName ?? "")},{h.Registered},{h.Trained},{h.WithMarketplaceAccount},{h.WithListings},{h.Selling},{c.Products.Listed},{c.Transactions.Count},{c.Transactions.TotalVnd}");
            foreach (var marketplace in Marketplaces)
            {
                var figures = c.Transactions.ByMarketplace.GetValueOrDefault(marketplace);
                csv.Append(CultureInfo.InvariantCulture, $",{figures?.Count ?? 0},{figures?.TotalVnd ?? 0}");
            }

            csv.Append("\r\n");
        }

        return csv.ToString();
    }
}
