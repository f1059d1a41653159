using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Marten.Events.Projections;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>Households counted per milestone reached (a household in <c>selling</c> that never trained is not in <c>trained</c>).</summary>
public sealed class HouseholdCounts
{
    public long Registered { get; set; }

    public long Trained { get; set; }

    public long WithMarketplaceAccount { get; set; }

    public long WithListings { get; set; }

    public long Selling { get; set; }

    public void Add(HouseholdCounts other)
    {
        Registered += other.Registered;
        Trained += other.Trained;
        WithMarketplaceAccount += other.WithMarketplaceAccount;
        WithListings += other.WithListings;
        Selling += other.Selling;
    }
}

public sealed class ProductCounts
{
    /// <summary>Listings on sale now (published and not delisted).</summary>
    public long Listed { get; set; }
}

public sealed class MarketplaceTransactions
{
    public long Count { get; set; }

    public long TotalVnd { get; set; }
}

public sealed class TransactionCounts
{
    public long Count { get; set; }

    public long TotalVnd { get; set; }

    public SortedDictionary<string, MarketplaceTransactions> ByMarketplace { get; set; } = new(StringComparer.Ordinal);

    public void Add(string marketplace, long count, long totalVnd)
    {
        Count += count;
        TotalVnd += totalVnd;
        if (!ByMarketplace.TryGetValue(marketplace, out var entry))
        {
            ByMarketplace[marketplace] = entry = new MarketplaceTransactions();
        }

        entry.Count += count;
        entry.TotalVnd += totalVnd;
    }
}

/// <summary>A commune's e-commerce figures, kept by an async projection: one document per commune, summed when read.</summary>
public sealed class CommuneStatistics
{
    public string Id { get; set; } = "";

    public string ProvinceCode { get; set; } = "";

    public HouseholdCounts Households { get; set; } = new();

    public ProductCounts Products { get; set; } = new();

    public TransactionCounts Transactions { get; set; } = new();
}

/// <summary>
/// Folds the milestone, listing and order events of every stream into one document per commune. The events carry their
/// commune, so nothing is looked up and a province-scale rebuild streams straight through.
/// </summary>
public sealed class CommuneStatisticsProjection : MultiStreamProjection<CommuneStatistics, string>
{
    public CommuneStatisticsProjection()
    {
        Identity<HouseholdRegistered>(e => e.CommuneCode);
        Identity<HouseholdOnboarded>(e => e.CommuneCode);
        Identities<ListingPublished>(e => Commune(e.CommuneCode));
        Identities<ListingDelisted>(e => Commune(e.CommuneCode));
        Identities<ListingOrdered>(e => Commune(e.CommuneCode));
    }

    /// <summary>Listing events recorded before they carried a commune count nowhere (an empty document id is refused).</summary>
    private static IReadOnlyList<string> Commune(string code) => code.Length == 0 ? [] : [code];

    public static void Apply(HouseholdRegistered e, CommuneStatistics s)
    {
        s.Id = e.CommuneCode;
        s.ProvinceCode = e.ProvinceCode;
        s.Households.Registered++;
    }

    public static void Apply(HouseholdOnboarded e, CommuneStatistics s)
    {
        s.Id = e.CommuneCode;
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

    public static void Apply(ListingPublished e, CommuneStatistics s)
    {
        s.Id = e.CommuneCode;
        s.Products.Listed++;
    }

    public static void Apply(ListingDelisted e, CommuneStatistics s) => s.Products.Listed--;

    public static void Apply(ListingOrdered e, CommuneStatistics s)
    {
        s.Id = e.CommuneCode;
        s.Transactions.Add(ListingDecisions.Name(e.Marketplace), 1, e.TotalVnd);
    }
}
