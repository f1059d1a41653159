using System.Collections.Immutable;

namespace HaiDuong.Agri.Domain.Listings;

/// <summary>A listing: what its decisions need.</summary>
public sealed record Listing(
    Guid Id,
    Guid LotId,
    Guid HouseholdId,
    Guid? CooperativeId,
    long PriceVnd,
    int Stock,
    int Sold,
    bool Delisted,
    ImmutableList<ListingChannel> Channels)
{
    public string CommuneCode { get; init; } = "";

    public static Listing From(ListingPublished e) =>
        new(e.ListingId, e.LotId, e.HouseholdId, e.CooperativeId, e.PriceVnd, e.Stock, 0, false, [.. e.Channels]) { CommuneCode = e.CommuneCode };

    public Listing Then(object @event) => @event switch
    {
        ListingPriceChanged e => this with { PriceVnd = e.PriceVnd },
        ListingStockChanged e => this with { Stock = e.Stock },
        ListingDelisted => this with { Delisted = true },
        ListingOrdered e => this with { Stock = e.StockAfter, Sold = Sold + e.Quantity },
        _ => this,
    };

    /// <summary>The units of its lot this listing holds: what it still offers (unless delisted) and what it sold.</summary>
    public int UnitsHeld => (Delisted ? 0 : Stock) + Sold;
}
