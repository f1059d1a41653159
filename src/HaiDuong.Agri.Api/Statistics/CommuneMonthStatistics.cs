using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Marten.Events.Projections;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>
/// One commune's figures of one calendar month (Việt Nam time): households reaching each milestone that month, and the
/// orders placed that month per marketplace. Kept by an async projection, one small document per commune and month, so a
/// range of months is one indexed read whatever the province's size.
/// </summary>
public sealed class CommuneMonthStatistics
{
    public static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("yyyy-MM");

    /// <summary><c>{communeCode}:{yyyy-MM}</c>.</summary>
    public string Id { get; set; } = "";

    public string CommuneCode { get; set; } = "";

    /// <summary>The month's first day.</summary>
    public LocalDate Month { get; set; }

    /// <summary>Households that reached each milestone in the month (registered: registered in the month).</summary>
    public HouseholdCounts Households { get; set; } = new();

    public TransactionCounts Transactions { get; set; } = new();

    public static string Key(string communeCode, LocalDate day) => $"{communeCode}:{MonthPattern.Format(FirstDay(day))}";

    public static LocalDate FirstDay(LocalDate day) => new(day.Year, day.Month, 1);
}

/// <summary>
/// Folds registrations, milestones and orders into <see cref="CommuneMonthStatistics"/>: a registration counts in the month
/// of its moment, a milestone in the month of its date, an order in the month it was placed (all Việt Nam time). Like the
/// all-time <see cref="CommuneStatisticsProjection"/> it looks nothing up: the events carry their commune.
/// </summary>
public sealed class CommuneMonthStatisticsProjection : MultiStreamProjection<CommuneMonthStatistics, string>
{
    public CommuneMonthStatisticsProjection()
    {
        Identity<HouseholdRegistered>(e => CommuneMonthStatistics.Key(e.CommuneCode, FieldTime.DateOf(e.RegisteredAt)));
        Identity<HouseholdOnboarded>(e => CommuneMonthStatistics.Key(e.CommuneCode, e.ReachedOn));
        Identities<ListingOrdered>(e => e.CommuneCode.Length == 0 ? [] : [CommuneMonthStatistics.Key(e.CommuneCode, FieldTime.DateOf(e.OrderedAt))]);
    }

    public static void Apply(HouseholdRegistered e, CommuneMonthStatistics s)
    {
        Place(s, e.CommuneCode, FieldTime.DateOf(e.RegisteredAt));
        s.Households.Registered++;
    }

    public static void Apply(HouseholdOnboarded e, CommuneMonthStatistics s)
    {
        Place(s, e.CommuneCode, e.ReachedOn);
        switch (e.Milestone)
        {
            case Milestone.Trained:
                s.Households.Trained++;
                break;
            case Milestone.AccountLinked:
                s.Households.WithMarketplaceAccount++;
                break;
            case Milestone.Listed:
                s.Households.WithListings++;
                break;
            case Milestone.Selling:
                s.Households.Selling++;
                break;
        }
    }

    public static void Apply(ListingOrdered e, CommuneMonthStatistics s)
    {
        Place(s, e.CommuneCode, FieldTime.DateOf(e.OrderedAt));
        s.Transactions.Add(ListingDecisions.Name(e.Marketplace), 1, e.TotalVnd);
    }

    private static void Place(CommuneMonthStatistics s, string communeCode, LocalDate day)
    {
        s.Id = CommuneMonthStatistics.Key(communeCode, day);
        s.CommuneCode = communeCode;
        s.Month = CommuneMonthStatistics.FirstDay(day);
    }
}
