using System.Text;
using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Exports;

/// <summary>The spreadsheet as sent: its file name and UTF-8 bytes (with a byte order mark, so spreadsheet programs read it as UTF-8).</summary>
public sealed record Fsma204File(string FileName, byte[] Content);

/// <summary>The FSMA 204 records of the events dated from <c>from</c> to <c>to</c> (both included, at most 366 days).</summary>
public sealed record GetFsma204(Caller Caller, string? From, string? To) : IQuery<Fsma204File>, IValidated
{
    public const int MaxDays = 366;

    public void Validate(Validator v)
    {
        var from = v.IsoDate("from", From, required: true, "This field is required (a date written yyyy-MM-dd).");
        var to = v.IsoDate("to", To, required: true, "This field is required (a date written yyyy-MM-dd).");
        if (from is not { } first || to is not { } last)
        {
            return;
        }

        if (first > last)
        {
            v.Fail("from", $"Must be on or before to ({LocalDatePattern.Iso.Format(last)}).");
        }
        else if (Period.Between(first, last, PeriodUnits.Days).Days + 1 > MaxDays)
        {
            v.Fail("to", $"The range may cover at most {MaxDays} days.");
        }
    }

    public static LocalDate? Parse(string? text) =>
        text is not null && LocalDatePattern.Iso.Parse(text) is { Success: true } parsed ? parsed.Value : null;
}

/// <summary>
/// Reads what the range needs — batches with a lot and a harvest in the range (and their timelines and lots), lots packed
/// in it, orders placed in it — limited to the caller's cooperative unless an admin asks, and writes the spreadsheet.
/// </summary>
public sealed class GetFsma204Handler(IQuerySession session) : IQueryHandler<GetFsma204, Fsma204File>
{
    public async ValueTask<Fsma204File> Handle(GetFsma204 query, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var caller = query.Caller;
        if (caller.Role is not (Role.Admin or Role.Cooperative))
        {
            throw Problems.Forbidden("Only admins and cooperatives export FSMA 204 records.");
        }

        Guid? cooperative = caller.Role == Role.Cooperative ? caller.CooperativeId ?? Guid.Empty : null;
        var from = GetFsma204.Parse(query.From)!.Value;
        var to = GetFsma204.Parse(query.To)!.Value;

        var batchQuery = session.Query<BatchDetails>().Where(b => b.LastHarvestOn >= from && b.FirstHarvestOn <= to);
        var packedQuery = session.Query<LotDetails>().Where(l => l.PackedOn >= from && l.PackedOn <= to);
        var start = FieldTime.StartOf(from);
        var end = FieldTime.StartOf(to.PlusDays(1));
        var orderQuery = session.Query<MarketplaceOrder>().Where(o => o.OrderedAt >= start && o.OrderedAt < end);
        if (cooperative is { } scope)
        {
            batchQuery = batchQuery.Where(b => b.CooperativeId == scope);
            packedQuery = packedQuery.Where(l => l.CooperativeId == scope);
            var listingIds = (await session.Query<ListingDetails>().Where(l => l.CooperativeId == scope).Select(l => l.Id).ToListAsync(ct)).ToArray();
            orderQuery = orderQuery.Where(o => o.ListingId.IsOneOf(listingIds));
        }

        var batches = await batchQuery.ToListAsync(ct);
        var batchIds = batches.Select(b => b.Id).ToArray();
        var timelines = batchIds.Length == 0 ? [] : await session.LoadManyAsync<BatchTimeline>(ct, batchIds);
        var lots = new List<LotDetails>(await packedQuery.ToListAsync(ct));
        if (batchIds.Length > 0)
        {
            lots.AddRange(await session.Query<LotDetails>().Where(l => l.BatchId.IsOneOf(batchIds)).ToListAsync(ct));
        }

        var orders = await orderQuery.ToListAsync(ct);
        var listings = orders.Count == 0
            ? new Dictionary<Guid, ListingDetails>()
            : (await session.LoadManyAsync<ListingDetails>(ct, orders.Select(o => o.ListingId).Distinct())).ToDictionary(l => l.Id);
        var shipped = orders
            .Where(o => listings.TryGetValue(o.ListingId, out var l) && (cooperative is null || l.CooperativeId == cooperative))
            .Select(o => new ShippedOrder(o, listings[o.ListingId].LotId))
            .ToList();
        var missingLots = shipped.Select(o => o.LotId).Except(lots.Select(l => l.Id)).ToArray();
        if (missingLots.Length > 0)
        {
            lots.AddRange(await session.LoadManyAsync<LotDetails>(ct, missingLots));
        }

        var households = await ByIdAsync<Household>(lots.Select(l => l.HouseholdId).Concat(batches.Select(b => b.HouseholdId)), h => h.Id, ct);
        var cooperatives = await ByIdAsync<Cooperative>(lots.Select(l => l.CooperativeId).OfType<Guid>(), c => c.Id, ct);
        var areas = await ByIdAsync<GrowingArea>(lots.Select(l => l.GrowingAreaId).Concat(batches.Select(b => b.GrowingAreaId)), a => a.Id, ct);

        var provinceIds = households.Values.Select(h => h.ProvinceCode).Concat(cooperatives.Values.Select(c => c.ProvinceCode))
            .Where(RegisterLoading.IsCode).Distinct().Select(ProvinceRegister.StreamId).ToArray();
        var registers = provinceIds.Length == 0
            ? new Dictionary<string, ProvinceRegister>()
            : (await session.LoadManyAsync<ProvinceRegister>(ct, provinceIds)).ToDictionary(r => r.ProvinceCode, StringComparer.Ordinal);

        var rows = Fsma204.Rows(new Fsma204Sources(from, to, batches, timelines, lots, shipped, households, cooperatives, areas) { Registers = registers });
        var text = Fsma204.Csv(rows);
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return new Fsma204File($"fsma204-{LocalDatePattern.Iso.Format(from)}-{LocalDatePattern.Iso.Format(to)}.csv", content);
    }

    private async Task<IReadOnlyDictionary<Guid, T>> ByIdAsync<T>(IEnumerable<Guid> ids, Func<T, Guid> id, CancellationToken ct)
        where T : notnull
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0
            ? new Dictionary<Guid, T>()
            : (await session.LoadManyAsync<T>(ct, distinct)).ToDictionary(id);
    }
}
