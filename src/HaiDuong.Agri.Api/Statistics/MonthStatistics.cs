using System.Text.Json.Serialization;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Marten.Events.Projections;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>
/// A commune's figures of one month, kept compact (a month's document holds every commune's, and a year of them is read
/// for every dashboard view): the households that reached each milestone that month, in the order of <see cref="Milestone"/>
/// (registered, trained, account linked, listed, selling), and per marketplace the orders placed that month and their value.
/// </summary>
public sealed class CommuneMonth
{
    public long[] Households { get; set; } = new long[5];

    /// <summary>By marketplace name: <c>[count, totalVnd]</c>; null while the commune sold nothing that month.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, long[]>? Orders { get; set; }

    public void Reached(Milestone milestone) => Households[(int)milestone]++;

    public void Ordered(string marketplace, long totalVnd)
    {
        Orders ??= new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        if (!Orders.TryGetValue(marketplace, out var figures))
        {
            Orders[marketplace] = figures = new long[2];
        }

        figures[0]++;
        figures[1] += totalVnd;
    }

    /// <summary>Adds the month's figures to a period's.</summary>
    public void AddTo(HouseholdCounts households, TransactionCounts transactions)
    {
        households.Registered += Households[(int)Milestone.Registered];
        households.Trained += Households[(int)Milestone.Trained];
        households.WithMarketplaceAccount += Households[(int)Milestone.AccountLinked];
        households.WithListings += Households[(int)Milestone.Listed];
        households.Selling += Households[(int)Milestone.Selling];
        foreach (var (marketplace, figures) in Orders ?? [])
        {
            transactions.Add(marketplace, figures[0], figures[1]);
        }
    }
}

/// <summary>
/// One calendar month of the province (Việt Nam time), every commune's figures in it: kept by an async projection, one
/// document per month, so a year of the province — the series, the funnel and the per-commune figures of a period — is
/// twelve documents loaded by id, whatever the number of households.
/// </summary>
public sealed class MonthStatistics
{
    public static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("yyyy-MM");

    /// <summary>The month, <c>yyyy-MM</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The month's first day.</summary>
    public LocalDate Month { get; set; }

    /// <summary>By commune code; a commune with nothing that month is absent.</summary>
    public SortedDictionary<string, CommuneMonth> Communes { get; set; } = new(StringComparer.Ordinal);

    public static string Key(LocalDate day) => MonthPattern.Format(FirstDay(day));

    public static LocalDate FirstDay(LocalDate day) => new(day.Year, day.Month, 1);

    /// <summary>The commune's figures of the month, <paramref name="day"/>'s, started when it has none yet.</summary>
    public CommuneMonth For(string communeCode, LocalDate day)
    {
        Id = Key(day);
        Month = FirstDay(day);
        if (!Communes.TryGetValue(communeCode, out var figures))
        {
            Communes[communeCode] = figures = new CommuneMonth();
        }

        return figures;
    }
}

/// <summary>
/// Folds registrations, milestones and orders into <see cref="MonthStatistics"/>: a registration counts in the month of its
/// moment, a milestone in the month of its date, an order in the month it was placed (all Việt Nam time). Like the all-time
/// <see cref="CommuneStatisticsProjection"/> it looks nothing up: the events carry their commune.
/// </summary>
public sealed class MonthStatisticsProjection : MultiStreamProjection<MonthStatistics, string>
{
    public MonthStatisticsProjection()
    {
        Identity<HouseholdRegistered>(e => MonthStatistics.Key(FieldTime.DateOf(e.RegisteredAt)));
        Identity<HouseholdOnboarded>(e => MonthStatistics.Key(e.ReachedOn));
        Identities<ListingOrdered>(e => e.CommuneCode.Length == 0 ? [] : [MonthStatistics.Key(FieldTime.DateOf(e.OrderedAt))]);
    }

    public static void Apply(HouseholdRegistered e, MonthStatistics s) =>
        s.For(e.CommuneCode, FieldTime.DateOf(e.RegisteredAt)).Reached(Milestone.Registered);

    public static void Apply(HouseholdOnboarded e, MonthStatistics s) => s.For(e.CommuneCode, e.ReachedOn).Reached(e.Milestone);

    public static void Apply(ListingOrdered e, MonthStatistics s) =>
        s.For(e.CommuneCode, FieldTime.DateOf(e.OrderedAt)).Ordered(ListingDecisions.Name(e.Marketplace), e.TotalVnd);
}
