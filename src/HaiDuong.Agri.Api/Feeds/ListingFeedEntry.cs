using HaiDuong.Agri.Domain.Listings;
using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;

namespace HaiDuong.Agri.Api.Feeds;

/// <summary>
/// A listing as pull feeds show it, kept by an async projection. <see cref="Sequence"/> is the event sequence of its
/// latest change: the daemon applies events in sequence order, so "changes since a cursor" is "sequence above it".
/// </summary>
public sealed class ListingFeedEntry
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    public string SellerSku { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public long PriceVnd { get; set; }

    public int Stock { get; set; }

    public string? ImageUrl { get; set; }

    public string Gtin { get; set; } = "";

    public string LotCode { get; set; } = "";

    public string Brand { get; set; } = "";

    public bool Delisted { get; set; }

    public Instant UpdatedAt { get; set; }
}

public sealed class ListingFeedProjection : SingleStreamProjection<ListingFeedEntry, Guid>
{
    public static ListingFeedEntry Create(IEvent<ListingPublished> e) => new()
    {
        Id = e.Data.ListingId,
        Sequence = e.Sequence,
        SellerSku = e.Data.SellerSku,
        Title = e.Data.Title,
        Description = e.Data.Description,
        PriceVnd = e.Data.PriceVnd,
        Stock = e.Data.Stock,
        ImageUrl = e.Data.ImageUrls.FirstOrDefault(),
        Gtin = e.Data.Gtin,
        LotCode = e.Data.LotCode,
        Brand = e.Data.SellerName,
        UpdatedAt = e.Data.PublishedAt,
    };

    public static void Apply(IEvent<ListingPriceChanged> e, ListingFeedEntry entry)
    {
        entry.PriceVnd = e.Data.PriceVnd;
        Changed(entry, e, e.Data.ChangedAt);
    }

    public static void Apply(IEvent<ListingStockChanged> e, ListingFeedEntry entry)
    {
        entry.Stock = e.Data.Stock;
        Changed(entry, e, e.Data.ChangedAt);
    }

    public static void Apply(IEvent<ListingOrdered> e, ListingFeedEntry entry)
    {
        entry.Stock = e.Data.StockAfter;
        Changed(entry, e, e.Data.RecordedAt);
    }

    public static void Apply(IEvent<ListingDelisted> e, ListingFeedEntry entry)
    {
        entry.Delisted = true;
        Changed(entry, e, e.Data.DelistedAt);
    }

    private static void Changed(ListingFeedEntry entry, IEvent e, Instant at)
    {
        entry.Sequence = e.Sequence;
        entry.UpdatedAt = at;
    }
}
