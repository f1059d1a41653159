using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using NodaTime;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>Public trace settings: <c>Agri:Trace:SuspiciousScanCount</c> (default 50), <c>Agri:Trace:FailedLookupsPerMinute</c> (default 30).</summary>
public sealed class TraceOptions
{
    public int SuspiciousScanCount { get; set; } = 50;

    public int FailedLookupsPerMinute { get; set; } = 30;

    /// <summary>How often scans per day (<see cref="ScanDays"/>) are written to the database.</summary>
    public TimeSpan ScanDaysFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Resolves a GS1 Digital Link (GTIN, lot, serial) to its trace view: the lot, then for a unit scan its stamp and tally
/// (counting the scan) in one statement, then everything else about the lot in one batch — three round trips.
/// </summary>
public sealed class TraceService(
    IDocumentStore store,
    ScanCounter scans,
    ScanDays days,
    PublicLinks links,
    IClock clock,
    Microsoft.Extensions.Options.IOptions<TraceOptions> options,
    AgriMetrics metrics,
    RegisterCache registerCache)
{
    public async Task<TraceView> ResolveAsync(string gtin, string lot, string? serial, bool countScan, TraceText text, CancellationToken ct)
    {
        var view = await ViewAsync(gtin, lot, serial, countScan, text, ct);
        metrics.Scanned(view.Status.ToString().ToLowerInvariant());
        if (view.Status == TraceStatus.Unknown)
        {
            metrics.LookupFailed();
        }

        return view;
    }

    private async Task<TraceView> ViewAsync(string gtin, string lot, string? serial, bool countScan, TraceText text, CancellationToken ct)
    {
        var gtin14 = Gtin.ToGtin14(gtin, out _);
        if (gtin14 is null || !DigitalLink.IsAiValue(lot) || (serial is not null && !DigitalLink.IsAiValue(serial)))
        {
            return Unknown(gtin, lot, serial, text);
        }

        await using var session = store.QuerySession();
        var details = await session.Query<LotDetails>().FirstOrDefaultAsync(l => l.Gtin == gtin14 && l.LotCode == lot, ct);
        if (details is null)
        {
            return Unknown(gtin14, lot, serial, text);
        }

        var now = clock.GetCurrentInstant();
        var stamp = serial is null ? null : await scans.LookUpAsync(serial, details.Id, countScan, now, ct);
        if (serial is not null && stamp is null)
        {
            return Unknown(gtin14, lot, serial, text);
        }

        var batch = session.CreateBatchQuery();
        var batchDetails = batch.Load<BatchDetails>(details.BatchId);
        var timeline = batch.Load<BatchTimeline>(details.BatchId);
        var household = batch.Load<Household>(details.HouseholdId);

        // The registers' versions, so the names of the household's codes come from memory while its register is unchanged.
        var registerStamps = batch.Query(new RegisterStamps());
        var cooperative = details.CooperativeId is { } cooperativeId ? batch.Load<Cooperative>(cooperativeId) : null;
        var area = batch.Load<GrowingArea>(details.GrowingAreaId);
        var certificates = batch.Query<Certificate>().Where(c => c.GrowingAreaIds.Contains(details.GrowingAreaId)).ToList();
        await batch.Execute(ct);

        var status = stamp is null ? TraceStatus.Lot : stamp.VoidedAt is null ? TraceStatus.Genuine : TraceStatus.Voided;
        var tally = stamp?.Tally;

        var harvestDates = (await batchDetails)?.HarvestDates.Where(d => d <= details.PackedOn).Order().ToList() ?? [];
        var claims = harvestDates.Count == 0 ? [] : CertificateDecisions.Claims(await certificates, harvestDates);
        var home = await household;
        if (countScan && status == TraceStatus.Genuine)
        {
            days.Count(FieldTime.DateOf(now), home?.CommuneCode ?? "");
        }

        var growingArea = await area;
        var warnings = new List<TraceWarning>();
        if (details.RecalledAt is not null)
        {
            warnings.Add(new TraceWarning("recalled", text["recalled"]));
        }

        if (status == TraceStatus.Voided)
        {
            warnings.Add(new TraceWarning("voided", text["voided"]));
        }

        if (tally is { } t && t.Count > options.Value.SuspiciousScanCount)
        {
            warnings.Add(new TraceWarning("suspicious-scans", text.Format("suspicious", t.Count)));
        }

        return new TraceView(
            status,
            details.ProductName,
            details.Gtin,
            details.LotCode,
            serial,
            serial is null ? links.ForLot(details.Gtin, details.LotCode) : links.ForUnit(details.Gtin, details.LotCode, serial),
            home is null ? null : Grower(home, await registerCache.CurrentAsync(await registerStamps, home.ProvinceCode, ct)),
            cooperative is null ? null : (await cooperative)?.Name,
            growingArea is null
                ? null
                : new TraceGrowingArea(growingArea.Name, details.GrowingAreaCodes.FirstOrDefault() ?? growingArea.AreaCode, growingArea.Crop, growingArea.AreaM2)
                {
                    AreaCodes = details.GrowingAreaCodes,
                },
            harvestDates.Count == 0 ? null : harvestDates[^1],
            harvestDates,
            details.PackedOn,
            details.NetWeightGrams,
            details.Packaging,
            claims.Select(c => new TraceCertification(c.Scheme, c.CertificateNumber, c.ValidUntil)).ToList(),
            Steps(await timeline, details.PackedOn, harvestDates),
            tally is null ? null : new TraceScans(tally.Count, tally.FirstScannedAt),
            details.RecalledAt is not null,
            details.RecallReason,
            details.RecalledAt,
            warnings)
        {
            Market = details.Market,
            PackingHouseCodes = details.PackingHouseCodes,
        };
    }

    private static TraceHousehold Grower(Household home, ProvinceRegister? register)
    {
        var names = RegionNames.Of(register, home.CommuneCode);
        return new TraceHousehold(home.Name, home.ProvinceCode, home.CommuneCode) { ProvinceName = names.ProvinceName, CommuneName = names.CommuneName };
    }

    /// <summary>The batch's steps up to the day the lot was packed, each pesticide with whether its interval was kept.</summary>
    private static List<TraceStep> Steps(BatchTimeline? timeline, LocalDate packedOn, List<LocalDate> harvests) =>
        timeline?.Steps
            .Where(s => s.Date is { } date && date <= packedOn)
            .Select(s => new TraceStep(
                s.Type, s.Date!.Value, s.OccurredAt, s.Kind, s.ProductName, s.ActiveIngredient, s.Dose, s.Unit, s.PreHarvestIntervalDays,
                s.SafeHarvestFrom,
                s.SafeHarvestFrom is { } safe ? harvests.Where(h => h >= s.Date).All(h => h >= safe) : null,
                s.QuantityKg, s.Notes))
            .ToList() ?? [];

    private TraceView Unknown(string gtin, string lot, string? serial, TraceText text) => new(
        TraceStatus.Unknown, null, gtin, lot, serial,
        serial is null ? DigitalLink.ForLot(links.BaseUrl, gtin, lot) : DigitalLink.ForUnit(links.BaseUrl, gtin, lot, serial),
        null, null, null, null, [], null, null, null, [], [], null, false, null, null,
        [new TraceWarning("unknown", text["unknown"])]);
}
