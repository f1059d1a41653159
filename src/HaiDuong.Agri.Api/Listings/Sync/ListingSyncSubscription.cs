using HaiDuong.Agri.Domain.Listings;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Mediator;

namespace HaiDuong.Agri.Api.Listings.Sync;

/// <summary>
/// A listing changed in a way marketplaces must see (published, price, stock, delisted, ordered). Handlers record work
/// through <see cref="Operations"/>, which commits together with the subscription's progress.
/// </summary>
public sealed record ListingChanged(IEvent Event, IDocumentOperations Operations) : INotification;

/// <summary>
/// Reads listing events in order (run by the async daemon, at least once) and publishes each as a
/// <see cref="ListingChanged"/> notification. Nothing here calls a marketplace: a slow or failing shop never stalls the
/// subscription; the dispatcher does the remote work from the ledger the handlers write.
/// </summary>
public sealed class ListingSyncSubscription : SubscriptionBase
{
    private readonly IMediator mediator;

    public ListingSyncSubscription(IMediator mediator)
    {
        this.mediator = mediator;
        Name = "listing_sync";
        IncludeType<ListingPublished>();
        IncludeType<ListingPriceChanged>();
        IncludeType<ListingStockChanged>();
        IncludeType<ListingDelisted>();
        IncludeType<ListingOrdered>();
        Options.BatchSize = 500;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            try
            {
                await mediator.Publish(new ListingChanged(e, operations), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A poison event must not stall every other listing's sync: park it in Marten's dead letters and go on.
                await controller.RecordDeadLetterEventAsync(e, ex);
            }
        }

        return NullChangeListener.Instance;
    }
}

/// <summary>Records in the ledger that one marketplace must show a listing's latest change; one handler per marketplace.</summary>
public abstract class MarketplaceSyncHandler(Marketplace marketplace) : INotificationHandler<ListingChanged>
{
    public ValueTask Handle(ListingChanged notification, CancellationToken cancellationToken)
    {
        var e = notification.Event;
        if (e.Data is ListingPublished published)
        {
            if (published.Channels.FirstOrDefault(c => c.Marketplace == marketplace) is { } channel)
            {
                SyncLedger.Open(notification.Operations, published.ListingId, channel, e.Version);
            }
        }
        else
        {
            SyncLedger.Raise(notification.Operations, e.StreamId, marketplace, e.Version);
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class ShopeeSyncHandler() : MarketplaceSyncHandler(Marketplace.Shopee);

public sealed class LazadaSyncHandler() : MarketplaceSyncHandler(Marketplace.Lazada);

public sealed class TiktokSyncHandler() : MarketplaceSyncHandler(Marketplace.Tiktok);

public sealed class WebhookSyncHandler() : MarketplaceSyncHandler(Marketplace.Webhook);
