using System.Text.Json.Serialization;
using HaiDuong.Agri.Api.Feeds;
using HaiDuong.Agri.Domain.Listings;
using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public enum ListingStatus
{
    Active,
    Delisted,
}

/// <summary>Where a listing stands at one marketplace.</summary>
public enum ChannelStatus
{
    /// <summary>A change is waiting to reach the marketplace (or being retried after a transient failure).</summary>
    Pending,
    Synced,

    /// <summary>The marketplace refused the content: the sync is in the dead letters until an admin replays it.</summary>
    Failed,
    Delisted,

    /// <summary>The shop's token was refused: link the account again and the sync resumes.</summary>
    NeedsReauthorization,
}

public sealed class ListingChannelState
{
    public Marketplace Marketplace { get; set; }

    public Guid AccountId { get; set; }

    public ChannelStatus Status { get; set; }

    public string? ExternalId { get; set; }

    public string? LastError { get; set; }

    /// <summary>Attempts made for the latest change (1 when the first try worked).</summary>
    public int Attempts { get; set; }

    /// <summary>The listing version the marketplace shows (0 before the first sync).</summary>
    public long SyncedVersion { get; set; }

    public Instant? LastSyncedAt { get; set; }

    /// <summary>When the first of the failures since the last successful sync happened (null while in step).</summary>
    public Instant? FailingSince { get; set; }
}

/// <summary>
/// A listing as sellers see it, with its state at each marketplace. <see cref="TraceUrl"/> and <see cref="Feeds"/> are filled
/// when read.
/// </summary>
public sealed class ListingDetails
{
    public Guid Id { get; set; }

    /// <summary>The stream's version, sync outcomes included (Marten keeps it); not shown: clients see <see cref="EditVersion"/>.</summary>
    [JsonIgnore]
    public long Version { get; set; }

    /// <summary>
    /// The version a client sees (<c>version</c>, the <c>ETag</c>) and names in <c>If-Match</c>: the seller's last change
    /// (<see cref="ChangeVersion"/>), so a sync outcome recorded in between does not make a client's write stale.
    /// </summary>
    [JsonPropertyName("version")]
    public long EditVersion => ChangeVersion;

    public Guid LotId { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? CooperativeId { get; set; }

    public string SellerSku { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public long PriceVnd { get; set; }

    public int Stock { get; set; }

    public int Sold { get; set; }

    public List<string> ImageUrls { get; set; } = [];

    public ListingStatus Status { get; set; }

    public string Gtin { get; set; } = "";

    public string LotCode { get; set; } = "";

    public string ProductName { get; set; } = "";

    public int NetWeightGrams { get; set; }

    public string SellerName { get; set; } = "";

    public Instant PublishedAt { get; set; }

    public Instant? DelistedAt { get; set; }

    /// <summary>The version of the last change the marketplaces must show (sync outcomes do not count).</summary>
    public long ChangeVersion { get; set; }

    public string TraceUrl { get; set; } = "";

    public List<ListingChannelState> Marketplaces { get; set; } = [];

    /// <summary>Whether the listing is in each catalogue feed (Google Merchant Center, Meta), and what keeps it out.</summary>
    public IReadOnlyList<ListingFeedStatus> Feeds { get; set; } = [];

    /// <summary>The units of its lot this listing holds: what it offers (unless delisted) and what it sold.</summary>
    public int UnitsHeld() => (Status == ListingStatus.Delisted ? 0 : Stock) + Sold;

    public ListingChannelState? Channel(Marketplace marketplace) => Marketplaces.Find(c => c.Marketplace == marketplace);
}

public sealed class ListingDetailsProjection : SingleStreamProjection<ListingDetails, Guid>
{
    public static ListingDetails Create(IEvent<ListingPublished> @event)
    {
        var e = @event.Data;
        return new ListingDetails
        {
            Id = e.ListingId,
            LotId = e.LotId,
            HouseholdId = e.HouseholdId,
            CooperativeId = e.CooperativeId,
            SellerSku = e.SellerSku,
            Title = e.Title,
            Description = e.Description,
            PriceVnd = e.PriceVnd,
            Stock = e.Stock,
            ImageUrls = [.. e.ImageUrls],
            Gtin = e.Gtin,
            LotCode = e.LotCode,
            ProductName = e.ProductName,
            NetWeightGrams = e.NetWeightGrams,
            SellerName = e.SellerName,
            PublishedAt = e.PublishedAt,
            ChangeVersion = @event.Version,
            Marketplaces = [.. e.Channels.Select(c => new ListingChannelState { Marketplace = c.Marketplace, AccountId = c.AccountId })],
        };
    }

    public static void Apply(IEvent<ListingPriceChanged> e, ListingDetails view)
    {
        view.PriceVnd = e.Data.PriceVnd;
        Changed(view, e.Version);
    }

    public static void Apply(IEvent<ListingStockChanged> e, ListingDetails view)
    {
        view.Stock = e.Data.Stock;
        Changed(view, e.Version);
    }

    public static void Apply(IEvent<ListingOrdered> e, ListingDetails view)
    {
        view.Stock = e.Data.StockAfter;
        view.Sold += e.Data.Quantity;
        Changed(view, e.Version);
    }

    public static void Apply(IEvent<ListingDelisted> e, ListingDetails view)
    {
        view.Status = ListingStatus.Delisted;
        view.DelistedAt = e.Data.DelistedAt;
        Changed(view, e.Version);
    }

    public static void Apply(ListingSynced e, ListingDetails view)
    {
        var channel = view.Channel(e.Marketplace)!;
        channel.ExternalId = e.ExternalId ?? channel.ExternalId;
        channel.SyncedVersion = Math.Max(channel.SyncedVersion, e.ListingVersion);
        channel.Attempts = e.Attempts;
        channel.LastError = null;
        channel.FailingSince = null;
        channel.LastSyncedAt = e.SyncedAt;
        channel.Status = channel.SyncedVersion < view.ChangeVersion ? ChannelStatus.Pending
            : e.Operation == SyncOperation.Delist ? ChannelStatus.Delisted
            : ChannelStatus.Synced;
    }

    public static void Apply(ListingSyncFailed e, ListingDetails view)
    {
        var channel = view.Channel(e.Marketplace)!;
        channel.Attempts = e.Attempts;
        channel.LastError = e.Reason;
        channel.FailingSince ??= e.FailedAt;
        channel.Status = e.Kind switch
        {
            SyncFailureKind.Auth => ChannelStatus.NeedsReauthorization,
            SyncFailureKind.Permanent => ChannelStatus.Failed,
            _ => ChannelStatus.Pending,
        };
    }

    public static void Apply(ListingSyncReplayed e, ListingDetails view)
    {
        var channel = view.Channel(e.Marketplace)!;
        channel.Status = ChannelStatus.Pending;
        channel.Attempts = 0;
    }

    /// <summary>A change the marketplaces must see: channels that were in step wait for it; refused ones stay as they are.</summary>
    private static void Changed(ListingDetails view, long version)
    {
        view.ChangeVersion = version;
        foreach (var channel in view.Marketplaces.Where(c => c.Status is ChannelStatus.Synced or ChannelStatus.Delisted))
        {
            channel.Status = ChannelStatus.Pending;
        }
    }
}
