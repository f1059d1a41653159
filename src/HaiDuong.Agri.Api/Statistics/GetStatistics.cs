using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Api.Trace;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>What happened in the period: households reaching each milestone (the funnel) and the orders placed.</summary>
public sealed record PeriodFigures(HouseholdCounts Households, TransactionCounts Transactions);

/// <summary>One commune's figures now and in the period; the names are those of the province's register (null where it has none or lacks the code).</summary>
public sealed record CommuneFigures(
    string CommuneCode, string ProvinceCode, HouseholdCounts Households, ProductCounts Products, TransactionCounts Transactions, PeriodFigures Period)
{
    public string? CommuneName { get; init; }

    public string? ProvinceName { get; init; }
}

/// <summary>
/// The period asked for: the days <see cref="From"/> to <see cref="To"/> (both included; scans per day cover exactly these),
/// and the calendar months they touch, <see cref="FirstMonth"/> to <see cref="LastMonth"/> (<c>yyyy-MM</c>): monthly
/// figures count whole months. <see cref="Households"/> and <see cref="Transactions"/> are the sums over those months.
/// </summary>
public sealed record StatisticsPeriod(
    LocalDate From, LocalDate To, string FirstMonth, string LastMonth, HouseholdCounts Households, TransactionCounts Transactions);

/// <summary>One calendar month (<c>yyyy-MM</c>, Việt Nam time): households reaching each milestone, orders per marketplace.</summary>
public sealed record MonthFigures(string Month, HouseholdCounts Households, TransactionCounts Transactions);

/// <summary>Counted scans of stamps (unit trace pages opened) on one day.</summary>
public sealed record DayScans(LocalDate Date, long Scans);

/// <summary>A certificate whose validity ends soon: no holder's name, only where its growing areas are.</summary>
public sealed record ExpiringCertificate(
    string CertificateNumber, Scheme Scheme, LocalDate ValidUntil, CertificateStatus Status, IReadOnlyList<string> CommuneCodes);

/// <summary>Certificates valid today (or suspended) whose validity ends from today to <see cref="Until"/>, soonest first.</summary>
public sealed record ExpiringCertificates(LocalDate From, LocalDate Until, int Count, IReadOnlyList<ExpiringCertificate> Items);

/// <summary>
/// The province's figures (or one commune's, when filtered) and the same per commune, as they stand now; then the period's:
/// its sums, one entry per month and per day, and the certificates expiring in the next 60 days.
/// </summary>
public sealed record ProvinceStatistics(
    HouseholdCounts Households,
    ProductCounts Products,
    TransactionCounts Transactions,
    IReadOnlyList<CommuneFigures> ByCommune,
    StatisticsPeriod Period,
    IReadOnlyList<MonthFigures> Months,
    IReadOnlyList<DayScans> ScansByDay,
    ExpiringCertificates CertificatesExpiring);

/// <summary>
/// <c>from</c>/<c>to</c> are dates (<c>yyyy-MM-dd</c>, both optional, both included, at most <see cref="MaxDays"/> days):
/// <c>to</c> defaults to today (Việt Nam), <c>from</c> to the first day of the month eleven months before <c>to</c> (a year
/// of whole months).
/// </summary>
public sealed record GetStatistics(string? CommuneCode, string? From = null, string? To = null) : IQuery<ProvinceStatistics>, IValidated
{
    public const int MaxDays = 366;
    public const int ExpiringWithinDays = 60;

    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        var (from, to) = v.DateRange(From, To);
        if (v.IsValid)
        {
            var (first, last) = Range(from, to, FieldTime.Today(v.Now));
            if (first > last)
            {
                v.Fail("from", $"Must be on or before to ({LocalDatePattern.Iso.Format(last)}).");
            }
            else if (Period.Between(first, last, PeriodUnits.Days).Days + 1 > MaxDays)
            {
                v.Fail(To is null ? "from" : "to", $"The range may cover at most {MaxDays} days.");
            }
        }
    }

    /// <summary>The days the statistics cover, defaults filled in.</summary>
    public static (LocalDate From, LocalDate To) Range(LocalDate? from, LocalDate? to, LocalDate today)
    {
        var last = to ?? today;
        return (from ?? MonthStatistics.FirstDay(last).PlusMonths(-11), last);
    }
}

public sealed class GetStatisticsHandler(IQuerySession session, ScanDays scanDays, StatisticsSnapshots snapshots, IClock clock) : IQueryHandler<GetStatistics, ProvinceStatistics>
{
    private static readonly string[] Marketplaces = [.. Enum.GetValues<Marketplace>().Select(ListingDecisions.Name)];

    public async ValueTask<ProvinceStatistics> Handle(GetStatistics query, CancellationToken cancellationToken)
    {
        var today = FieldTime.Today(clock.GetCurrentInstant());
        var (from, to) = GetStatistics.Range(Validator.ParseDate(query.From), Validator.ParseDate(query.To), today);
        var (firstMonth, lastMonth) = (MonthStatistics.FirstDay(from), MonthStatistics.FirstDay(to));
        var monthIds = new List<string>();
        for (var month = firstMonth; month <= lastMonth; month = month.PlusMonths(1))
        {
            monthIds.Add(MonthStatistics.Key(month));
        }

        var until = today.PlusDays(GetStatistics.ExpiringWithinDays);
        var code = string.IsNullOrEmpty(query.CommuneCode) ? null : query.CommuneCode;

        // Scans per day come from their own table, and the projections' progress from theirs, on other connections, read while
        // the certificates and registers are; the projections' documents are read only when the progress has moved on.
        var scansRead = scanDays.PerDayAsync(from, to, code, cancellationToken);
        var versionRead = snapshots.VersionAsync(cancellationToken);
        var batch = session.CreateBatchQuery();
        var certificatesRead = batch.Query<Certificate>().Where(c => c.ValidUntil >= today && c.ValidUntil <= until).ToList();

        // The registers' names are read with the figures (one register per province: a handful of documents), so a commune an
        // admin renamed shows its new name at once (the figures may lag, the names do not).
        var registersRead = batch.Query<ProvinceRegister>().ToList();
        await Task.WhenAll(batch.Execute(cancellationToken), scansRead, versionRead);
        var snapshot = await snapshots.AtAsync(await versionRead, cancellationToken);
        var communes = code is null ? snapshot.Communes : [.. snapshot.Communes.Where(c => c.Id == code)];
        var months = snapshot.Months;

        var households = new HouseholdCounts();
        var products = new ProductCounts();
        var transactions = new TransactionCounts();
        foreach (var commune in communes)
        {
            households.Add(commune.Households);
            products.Listed += commune.Products.Listed;
            foreach (var (marketplace, figures) in commune.Transactions.ByMarketplace)
            {
                transactions.Add(marketplace, figures.Count, figures.TotalVnd);
            }
        }

        // The period's figures, per month and per commune, from the months' documents (a month nobody touched has none).
        var periodByCommune = communes.ToDictionary(c => c.Id, _ => Empty(), StringComparer.Ordinal);
        var inPeriod = Empty();
        var series = new List<MonthFigures>();
        foreach (var id in monthIds)
        {
            var month = Empty();
            IEnumerable<KeyValuePair<string, CommuneMonth>> figures = months.TryGetValue(id, out var document) ? document.Communes : [];
            foreach (var (commune, counts) in figures.Where(f => code is null || f.Key == code))
            {
                Add(month, counts);
                Add(inPeriod, counts);
                if (periodByCommune.TryGetValue(commune, out var ofCommune))
                {
                    Add(ofCommune, counts);
                }
            }

            series.Add(new MonthFigures(id, month.Households, month.Transactions));
        }

        var registers = (await registersRead).ToDictionary(r => r.ProvinceCode, StringComparer.Ordinal);
        var byCommune = communes.Select(c =>
        {
            var names = RegionNames.Of(registers, c.ProvinceCode, c.Id);
            return new CommuneFigures(c.Id, c.ProvinceCode, c.Households, c.Products, c.Transactions, periodByCommune[c.Id])
            {
                CommuneName = names.CommuneName,
                ProvinceName = names.ProvinceName,
            };
        }).ToList();
        var period = new StatisticsPeriod(from, to, monthIds[0], monthIds[^1], inPeriod.Households, inPeriod.Transactions);

        var scans = await scansRead;
        var days = new List<DayScans>();
        for (var day = from; day <= to; day = day.PlusDays(1))
        {
            days.Add(new DayScans(day, scans.GetValueOrDefault(day)));
        }

        var expiring = await ExpiringAsync(await certificatesRead, today, code, cancellationToken);
        return new ProvinceStatistics(
            households, products, transactions, byCommune, period, series, days,
            new ExpiringCertificates(today, until, expiring.Count, expiring));
    }

    /// <summary>No households and no orders yet; every marketplace named, so each series has the same ones.</summary>
    private static PeriodFigures Empty()
    {
        var transactions = new TransactionCounts();
        foreach (var marketplace in Marketplaces)
        {
            transactions.Add(marketplace, 0, 0);
        }

        return new PeriodFigures(new HouseholdCounts(), transactions);
    }

    private static void Add(PeriodFigures sum, CommuneMonth counts) => counts.AddTo(sum.Households, sum.Transactions);

    /// <summary>
    /// The certificates in force today (valid or suspended, not expired) whose validity ends by <c>until</c>, with the
    /// communes of their growing areas (only those covering <paramref name="communeCode"/> when one is asked for).
    /// </summary>
    private async Task<List<ExpiringCertificate>> ExpiringAsync(
        IReadOnlyList<Certificate> certificates, LocalDate today, string? communeCode, CancellationToken ct)
    {
        var current = certificates.Where(c => c.IssuedOn <= today).ToList();
        var areaIds = current.SelectMany(c => c.GrowingAreaIds).Distinct().ToArray();
        var communes = areaIds.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<GrowingArea>(ct, areaIds)).ToDictionary(a => a.Id, a => a.CommuneCode);
        return current
            .Select(c => new ExpiringCertificate(
                c.CertificateNumber, c.Scheme, c.ValidUntil, c.StatusOn(today),
                [.. c.GrowingAreaIds.Select(id => communes.GetValueOrDefault(id)).OfType<string>().Distinct().Order(StringComparer.Ordinal)]))
            .Where(c => communeCode is null || c.CommuneCodes.Contains(communeCode))
            .OrderBy(c => c.ValidUntil)
            .ThenBy(c => c.CertificateNumber, StringComparer.Ordinal)
            .ToList();
    }
}
