using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record RecordOrderRequest(
    Marketplace? Marketplace, string? ExternalOrderId, Guid? ListingId, int? Quantity, long? TotalVnd, Instant? OrderedAt);

/// <summary>An order a marketplace reported, once per <c>(marketplace, externalOrderId)</c>; the id is a function of that pair.</summary>
public sealed class MarketplaceOrder
{
    public Guid Id { get; set; }

    public Marketplace Marketplace { get; set; }

    public string ExternalOrderId { get; set; } = "";

    public Guid ListingId { get; set; }

    /// <summary>The listing's household and cooperative (who sees the order in <c>GET /orders</c>), and its title.</summary>
    public Guid HouseholdId { get; set; }

    public Guid? CooperativeId { get; set; }

    public string? ListingTitle { get; set; }

    public int Quantity { get; set; }

    public long TotalVnd { get; set; }

    public Instant OrderedAt { get; set; }

    /// <summary>The listing's stock once this order was taken off it.</summary>
    public int StockAfter { get; set; }

    public Instant RecordedAt { get; set; }

    public static Guid IdFor(Marketplace marketplace, string externalOrderId) => StableId.From($"order:{marketplace}:{externalOrderId}");
}

public sealed record RecordOrderCommand(Caller Caller, RecordOrderRequest Body) : ICommand<Outcome<MarketplaceOrder>>, IValidated
{
    public const string OrderConflictCode = "order-conflict";

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("marketplace", b.Marketplace);
        v.Text("externalOrderId", b.ExternalOrderId, required: true, maxLength: 100);
        v.Required("listingId", b.ListingId);
        v.Range("quantity", b.Quantity, 1, PublishListingCommand.MaxStock, required: true);
        v.Range("totalVnd", b.TotalVnd, 0, PublishListingCommand.MaxPriceVnd * 1000, required: true, "Must be a whole number of VND, 0 or more.");

        v.FieldMoment("orderedAt", b.OrderedAt, required: true);
    }
}

/// <summary>
/// Takes an order off the listing's stock once: a repeat of the same <c>(marketplace, externalOrderId)</c> answers the first
/// recording without moving stock again. The new absolute stock then reaches every marketplace the listing is on (sync).
/// </summary>
public sealed class RecordOrderHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RecordOrderCommand, Outcome<MarketplaceOrder>>
{
    public async ValueTask<Outcome<MarketplaceOrder>> Handle(RecordOrderCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var marketplace = b.Marketplace!.Value;
        if (caller.Role != Role.Marketplace || caller.Marketplace != ListingDecisions.Name(marketplace))
        {
            throw Problems.Forbidden($"This key reports orders for {caller.Marketplace ?? "no marketplace"}, not {ListingDecisions.Name(marketplace)}.");
        }

        var externalOrderId = Validator.Clean(b.ExternalOrderId)!;
        var orderId = MarketplaceOrder.IdFor(marketplace, externalOrderId);
        var session = await unitOfWork.SessionAsync(cancellationToken);
        if (await session.LoadAsync<MarketplaceOrder>(orderId, cancellationToken) is { } earlier)
        {
            return earlier.ListingId == b.ListingId
                ? Outcome.Changed(earlier)
                : throw Problems.Conflict(
                    RecordOrderCommand.OrderConflictCode, "The order was reported for another listing",
                    $"Order {externalOrderId} of {ListingDecisions.Name(marketplace)} was recorded for listing {earlier.ListingId}.");
        }

        var stream = await session.FetchOwnedAsync<Listing>(b.ListingId!.Value, null, _ => true, "listing", cancellationToken, "listingId");
        var listing = stream.Aggregate!;
        int? unitsFree = null;
        if (listing.Delisted)
        {
            await unitOfWork.LockAsync(ListingAccounts.LotLock(listing.LotId), cancellationToken);
            var lot = (await session.LoadAsync<Lots.LotDetails>(listing.LotId, cancellationToken))!;
            unitsFree = lot.UnitCount - await ListingAccounts.UnitsHeldAsync(session, lot.Id, null, cancellationToken);
        }

        var now = clock.GetCurrentInstant();
        var ordered = ListingDecisions.RecordOrder(
            listing, new OrderReport(marketplace, externalOrderId, b.Quantity!.Value, b.TotalVnd!.Value, b.OrderedAt!.Value), unitsFree, now)
            .Accepted().OfType<ListingOrdered>().Single();
        stream.AppendOne(ordered);
        await session.ReachAsync(listing.HouseholdId, Milestone.Selling, FieldTime.DateOf(ordered.OrderedAt), now, cancellationToken);
        var order = new MarketplaceOrder
        {
            Id = orderId,
            Marketplace = marketplace,
            ExternalOrderId = externalOrderId,
            ListingId = b.ListingId.Value,
            HouseholdId = listing.HouseholdId,
            CooperativeId = listing.CooperativeId,
            ListingTitle = (await session.LoadAsync<ListingDetails>(listing.Id, cancellationToken))?.Title,
            Quantity = ordered.Quantity,
            TotalVnd = ordered.TotalVnd,
            OrderedAt = ordered.OrderedAt,
            StockAfter = ordered.StockAfter,
            RecordedAt = now,
        };
        session.Insert(order);
        return Outcome.Created(order);
    }
}
