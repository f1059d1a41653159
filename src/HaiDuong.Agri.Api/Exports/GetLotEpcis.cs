using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Exports;

/// <summary>A lot's history as one EPCIS 2.0 document (the lot's owners only: another household's lot is 404).</summary>
public sealed record GetLotEpcis(Caller Caller, Guid LotId) : IQuery<JsonObject>;

/// <summary>Reads the lot, its batch, growing area, inspections, listings and orders, and hands them to <see cref="EpcisDocument"/>.</summary>
public sealed class GetLotEpcisHandler(IQuerySession session, PublicLinks links, IClock clock) : IQueryHandler<GetLotEpcis, JsonObject>
{
    public async ValueTask<JsonObject> Handle(GetLotEpcis query, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var lot = await session.LoadLotForAsync(query.Caller, query.LotId, ct);
        var lotEvents = await StreamAsync(lot.Id, ct);
        var batchEvents = await StreamAsync(lot.BatchId, ct);
        var area = await session.LoadAsync<GrowingArea>(lot.GrowingAreaId, ct);
        var household = await session.LoadAsync<Household>(lot.HouseholdId, ct);
        var cooperative = lot.CooperativeId is { } cooperativeId ? await session.LoadAsync<Cooperative>(cooperativeId, ct) : null;
        var inspections = await session.Query<Inspection>()
            .Where(i => i.GrowingAreaIds.Contains(lot.GrowingAreaId))
            .OrderBy(i => i.InspectedOn)
            .ToListAsync(ct);
        var certificates = await session.CoveringAsync(lot.GrowingAreaId, ct);
        var listingIds = await session.Query<ListingDetails>()
            .Where(l => l.LotId == lot.Id)
            .OrderBy(l => l.PublishedAt)
            .Select(l => l.Id)
            .ToListAsync(ct);
        var listingEvents = new List<StreamEvent>();
        foreach (var listingId in listingIds)
        {
            listingEvents.AddRange(await StreamAsync(listingId, ct));
        }

        var history = new LotHistory(
            lot, lotEvents, batchEvents, area, household, cooperative, inspections, certificates, listingEvents);
        return EpcisDocument.Build(history, links.BaseUrl, clock.GetCurrentInstant());
    }

    private async Task<IReadOnlyList<StreamEvent>> StreamAsync(Guid streamId, CancellationToken ct) =>
        [.. (await session.Events.FetchStreamAsync(streamId, token: ct)).Select(e => new StreamEvent(streamId, e.Version, e.Data))];
}
