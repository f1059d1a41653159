using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Trace;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Domain.Lots;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Lots;

public sealed record RecallLotRequest(string? Reason);

public sealed record RecallStamps(int Issued, int Voided, long Scanned, long Scans);

public sealed record RecalledListing(
    Guid Id, string SellerSku, IReadOnlyList<Marketplace> Marketplaces, ListingStatus Status, int StockWithdrawn, int Sold);

public sealed record RecalledOrder(Marketplace Marketplace, string ExternalOrderId, Guid ListingId, int Quantity, long TotalVnd, Instant OrderedAt);

/// <summary>
/// The trace-forward report of a recall: what went out under the lot — stamps issued and scanned (units in consumers'
/// hands), listings and their marketplaces, orders and units sold — so the cooperative knows whom to reach.
/// </summary>
public sealed record RecallReport(
    Guid LotId,
    string Gtin,
    string LotCode,
    string Reason,
    Instant RecalledAt,
    int UnitCount,
    RecallStamps Stamps,
    IReadOnlyList<RecalledListing> Listings,
    IReadOnlyList<RecalledOrder> Orders,
    int UnitsSold,
    long Version);

public sealed record RecallLotCommand(Caller Caller, Guid LotId, long? ExpectedVersion, RecallLotRequest Body) : ICommand<Outcome<RecallReport>>, IValidated
{
    public void Validate(Validator v) => v.Text("reason", Body.Reason, required: true, maxLength: 500);
}

/// <summary>
/// Recalls a lot: records it on the lot (the trace pages show it at once), delists every live listing of the lot in the
/// same transaction (the normal sync takes them down at every marketplace), and answers the trace-forward report.
/// Recalling again changes nothing and answers the report as it stands.
/// </summary>
public sealed class RecallLotHandler(UnitOfWork unitOfWork, IClock clock, ScanCounter scans) : ICommandHandler<RecallLotCommand, Outcome<RecallReport>>
{
    public async ValueTask<Outcome<RecallReport>> Handle(RecallLotCommand command, CancellationToken cancellationToken)
    {
        var (caller, lotId, expectedVersion, body) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);

        // The lot's lock: a listing being published for the lot now either commits first (and is delisted here) or
        // waits and sees the recall.
        await unitOfWork.LockAsync(ListingAccounts.LotLock(lotId), cancellationToken);
        var lot = await session.FetchOwnedAsync<Lot>(lotId, expectedVersion, l => caller.ActsFor(l.HouseholdId, l.CooperativeId), "lot", cancellationToken);
        var now = clock.GetCurrentInstant();
        var reason = Validator.Clean(body.Reason)!;
        lot.AppendMany(LotDecisions.Recall(lot.Aggregate!, reason, now).Accepted());

        var listings = await session.Query<ListingDetails>().Where(l => l.LotId == lotId).ToListAsync(cancellationToken);
        foreach (var listing in listings.Where(l => l.Status == ListingStatus.Active))
        {
            var stream = await session.Events.FetchForWriting<Listing>(listing.Id, cancellationToken);
            stream.AppendMany(ListingDecisions.Delist(stream.Aggregate!, $"Thu hồi lô / lot recalled: {reason}", now).Accepted());
        }

        await session.SaveChangesAsync(cancellationToken);
        var report = await ReportAsync(session, lotId, cancellationToken);
        return Outcome.Changed(report, report.Version);
    }

    private async Task<RecallReport> ReportAsync(IDocumentSession session, Guid lotId, CancellationToken ct)
    {
        var lot = (await session.LoadAsync<LotDetails>(lotId, ct))!;
        var listings = await session.Query<ListingDetails>().Where(l => l.LotId == lotId).OrderBy(l => l.PublishedAt).ToListAsync(ct);
        var listingIds = listings.Select(l => l.Id).ToArray();
        var orders = listingIds.Length == 0
            ? []
            : await session.Query<MarketplaceOrder>().Where(o => o.ListingId.IsOneOf(listingIds)).OrderBy(o => o.OrderedAt).ToListAsync(ct);
        var (scanned, scanCount) = await scans.LotTallyAsync(lotId, ct);
        return new RecallReport(
            lot.Id, lot.Gtin, lot.LotCode, lot.RecallReason!, lot.RecalledAt!.Value, lot.UnitCount,
            new RecallStamps(lot.StampsIssued, lot.StampsVoided, scanned, scanCount),
            [.. listings.Select(l => new RecalledListing(l.Id, l.SellerSku, [.. l.Marketplaces.Select(c => c.Marketplace)], l.Status, l.Stock, l.Sold))],
            [.. orders.Select(o => new RecalledOrder(o.Marketplace, o.ExternalOrderId, o.ListingId, o.Quantity, o.TotalVnd, o.OrderedAt))],
            orders.Sum(o => o.Quantity),
            lot.Version);
    }
}
