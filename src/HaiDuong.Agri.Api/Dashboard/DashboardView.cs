using System.Globalization;
using HaiDuong.Agri.Api.Statistics;
using HaiDuong.Agri.Domain.Listings;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>The filters as the official typed them (echoed into the form), and the problems the statistics found with them.</summary>
public sealed record DashboardFilters(string? CommuneCode, string? From, string? To)
{
    /// <summary>Each field's problems in Vietnamese (empty when the filters are valid).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];
}

/// <summary>One milestone of the onboarding funnel: its Vietnamese name and how it is counted.</summary>
public sealed record FunnelStage(string Name, Func<HouseholdCounts, long> Count);

/// <summary>
/// What the dashboard shows, all of it derived from one <see cref="ProvinceStatistics"/> (the answer of
/// <c>GET /api/v1/stats</c> for the same filters): the charts' geometry, the tables beside them and the CSV links.
/// </summary>
public sealed class DashboardView
{
    public const int TopCommunes = 15;
    public const string InPeriod = "Trong kỳ";
    public const string SoFar = "Đến nay";

    /// <summary>The drawing widths (CSS pixels at full size): a chart across the page, and one of two side by side.</summary>
    public const double WideChart = 1300;
    public const double HalfChart = 640;

    /// <summary>The funnel's width: its table stands beside it on a desktop screen.</summary>
    public const double FunnelChartWidth = 860;

    public static readonly IReadOnlyList<FunnelStage> Funnel =
    [
        new("Đăng ký", h => h.Registered),
        new("Đã tập huấn", h => h.Trained),
        new("Có tài khoản sàn", h => h.WithMarketplaceAccount),
        new("Có sản phẩm niêm yết", h => h.WithListings),
        new("Đã bán hàng", h => h.Selling),
    ];

    public static readonly IReadOnlyList<string> Marketplaces = [.. Enum.GetValues<Marketplace>().Select(ListingDecisions.Name)];

    private DashboardView(DashboardFilters filters, IReadOnlyList<CommuneChoice> communes, ProvinceStatistics? statistics)
    {
        Filters = filters;
        Communes = communes;
        Statistics = statistics;
    }

    public DashboardFilters Filters { get; }

    public IReadOnlyList<CommuneChoice> Communes { get; }

    /// <summary>Null when the filters are not valid (the page shows the form and its problems only).</summary>
    public ProvinceStatistics? Statistics { get; }

    /// <summary>The commune filtered to, as the filter names it (null for the whole province).</summary>
    public CommuneChoice? Commune { get; private init; }

    public HorizontalBarChart? FunnelChart { get; private init; }

    public HorizontalBarChart? SellingChart { get; private init; }

    public HorizontalBarChart? TransactionsChart { get; private init; }

    public XyChart? OrdersByMonth { get; private init; }

    public XyChart? ValueByMonth { get; private init; }

    public XyChart? ScansChart { get; private init; }

    /// <summary>The query string of the statistics' CSV links: the commune and the period the page shows, made explicit.</summary>
    public string CsvQuery { get; private init; } = "";

    public static DashboardView Invalid(DashboardFilters filters, IReadOnlyList<CommuneChoice> communes) => new(filters, communes, null)
    {
        Commune = communes.FirstOrDefault(c => c.Code == filters.CommuneCode),
    };

    public static DashboardView Of(DashboardFilters filters, IReadOnlyList<CommuneChoice> communes, ProvinceStatistics s)
    {
        var code = string.IsNullOrEmpty(filters.CommuneCode) ? null : filters.CommuneCode;
        var sellingTop = s.ByCommune.OrderByDescending(c => c.Households.Selling).ThenBy(c => c.CommuneCode, StringComparer.Ordinal).Take(TopCommunes).ToList();
        var transactionsTop = s.ByCommune.OrderByDescending(c => c.Period.Transactions.Count).ThenByDescending(c => c.Transactions.Count)
            .ThenBy(c => c.CommuneCode, StringComparer.Ordinal).Take(TopCommunes).ToList();
        var months = s.Months.Select(m => MonthLabel(m.Month)).ToList();
        var days = s.ScansByDay.Select(d => Date(d.Date)).ToList();
        var choices = communes.ToDictionary(c => c.Code, StringComparer.Ordinal);
        static string Name(CommuneFigures c) => c.CommuneName ?? c.CommuneCode;

        return new DashboardView(filters, communes, s)
        {
            Commune = code is null ? null : choices.GetValueOrDefault(code) ?? new CommuneChoice(code, s.ByCommune.FirstOrDefault()?.CommuneName),
            FunnelChart = SvgCharts.HorizontalBars(
                [.. Funnel.Select(f => f.Name)],
                [new(InPeriod, [.. Funnel.Select(f => f.Count(s.Period.Households))]), new(SoFar, [.. Funnel.Select(f => f.Count(s.Households))])],
                SvgCharts.Number, width: FunnelChartWidth),
            SellingChart = SvgCharts.HorizontalBars(
                [.. sellingTop.Select(Name)],
                [new(InPeriod, [.. sellingTop.Select(c => c.Period.Households.Selling)]), new(SoFar, [.. sellingTop.Select(c => c.Households.Selling)])],
                SvgCharts.Number, width: HalfChart),
            TransactionsChart = SvgCharts.HorizontalBars(
                [.. transactionsTop.Select(Name)],
                [new(InPeriod, [.. transactionsTop.Select(c => c.Period.Transactions.Count)]), new(SoFar, [.. transactionsTop.Select(c => c.Transactions.Count)])],
                SvgCharts.Number, width: HalfChart),
            OrdersByMonth = SvgCharts.Lines(months, [.. Marketplaces.Select(m => new ChartSeries(DashboardText.Marketplace(m), [.. s.Months.Select(x => Of(x, m).Count)]))], SvgCharts.Number, EveryOtherBeyond(months.Count, 8), width: HalfChart, left: 70),
            ValueByMonth = SvgCharts.Lines(months, [.. Marketplaces.Select(m => new ChartSeries(DashboardText.Marketplace(m), [.. s.Months.Select(x => Of(x, m).TotalVnd)]))], SvgCharts.Vnd, EveryOtherBeyond(months.Count, 8), width: HalfChart, left: 110),
            ScansChart = SvgCharts.Columns(
                days, [.. s.ScansByDay.Select(d => d.Scans)], SvgCharts.Number,
                i => s.ScansByDay.Count <= 31 || s.ScansByDay[i].Date.Day == 1, width: WideChart, height: 240, left: 70),
            CsvQuery = (code is null ? "" : $"communeCode={Uri.EscapeDataString(code)}&") + $"from={Iso(s.Period.From)}&to={Iso(s.Period.To)}",
        };
    }

    /// <summary>Every label while there are at most <paramref name="count"/> categories, else every other one.</summary>
    public static Func<int, bool> EveryOtherBeyond(int categories, int count) => i => categories <= count || i % 2 == 0;

    /// <summary>A month's orders on one marketplace (none when the month has no entry for it).</summary>
    public static MarketplaceTransactions Of(MonthFigures month, string marketplace) =>
        month.Transactions.ByMarketplace.GetValueOrDefault(marketplace) ?? new MarketplaceTransactions();

    /// <summary><c>2026-05</c> as <c>05/2026</c>.</summary>
    public static string MonthLabel(string month) => month.Length == 7 ? $"{month[5..]}/{month[..4]}" : month;

    /// <summary>A date as Việt Nam writes it: <c>15/06/2026</c>.</summary>
    public static string Date(LocalDate date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
