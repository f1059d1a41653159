using System.Collections.Concurrent;
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

    /// <summary>The most lookups one batch answers (<see cref="ScanBatcher"/>).</summary>
    public int ScanBatchSize { get; set; } = 256;

    /// <summary>How long a batch waits for more lookups after its first (0: takes only what is already queued).</summary>
    public TimeSpan ScanBatchWindow { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How many batches may be written at once.</summary>
    public int ScanBatchesInFlight { get; set; } = 2;

    /// <summary>How many lookups may wait for a batch; beyond, a lookup is answered 503 at once.</summary>
    public int ScanQueueLimit { get; set; } = 4096;

    /// <summary>How many lots' trace data an instance keeps in memory.</summary>
    public int CachedLots { get; set; } = 10_000;
}

/// <summary>A resolved trace view, with the rendered pages of its lot's current data (null when the code is unknown).</summary>
public sealed record TraceResult(TraceView View, LotPages? Pages);

/// <summary>
/// Resolves a GS1 Digital Link (GTIN, lot, serial) to its trace view. The lot's id is kept in memory once found; the stamp,
/// its counted scan and the lot's trace version come from one statement shared with concurrent lookups
/// (<see cref="ScanBatcher"/>); everything else about the lot is read once per version of its trace data
/// (<see cref="TraceVersions"/>) and kept in memory, so a scan of a known lot costs one statement of a batch.
/// </summary>
public sealed class TraceService(
    IDocumentStore store,
    Npgsql.NpgsqlDataSource dataSource,
    ScanBatcher batcher,
    ScanDays days,
    PublicLinks links,
    IClock clock,
    Microsoft.Extensions.Options.IOptions<TraceOptions> options,
    AgriMetrics metrics,
    RegisterCache registerCache)
{
    private readonly ConcurrentDictionary<(string Gtin, string Lot), Guid> lotIds = new();
    private readonly ConcurrentDictionary<Guid, CachedTrace> traces = new();

    /// <summary>
    /// The full path of the stamp <paramref name="serial"/> (matched as issued, else in capitals: the serial alphabet has no
    /// lower case) if it is a stamp of this GTIN, for <c>/01/{gtin}/21/{serial}</c>; one statement.
    /// </summary>
    public async Task<string?> UnitPathAsync(string gtin, string serial, CancellationToken ct)
    {
        if (!IsCode(gtin, serial))
        {
            return null;
        }

        var gtin14 = Gtin.ToGtin14(gtin, out _)!;

        await using var command = dataSource.CreateCommand(
            $"""
            select d.data ->> 'lotCode', s.serial from {StampRegister.Table} s join {Infrastructure.Marten.MartenSetup.Schema}.mt_doc_lotdetails d on d.id = s.lot_id
             where s.serial in ($1, upper($1)) and d.data ->> 'gtin' = $2
             order by s.serial = $1 desc limit 1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = serial });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = gtin14 });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Uri(links.ForUnit(gtin14, reader.GetString(0), reader.GetString(1))).PathAndQuery : null;
    }

    /// <summary>Whether these could be a GTIN and a serial (a valid GTIN, a serial of GS1's AI characters).</summary>
    public static bool IsCode(string? gtin, string? serial) =>
        gtin is not null && serial is not null && Gtin.ToGtin14(gtin, out _) is not null && DigitalLink.IsAiValue(serial);

    /// <summary>Whether this GTIN and lot code name a lot this instance has already found (no query needed to know it exists).</summary>
    public bool KnowsLot(string gtin, string lot) =>
        Gtin.ToGtin14(gtin, out _) is { } gtin14 && lotIds.ContainsKey((gtin14, lot));

    /// <summary>The trace view, and the rendered pages of the lot's current data (null for an unknown code).</summary>
    public async Task<TraceResult> ResolveAsync(string gtin, string lot, string? serial, bool countScan, TraceText text, CancellationToken ct)
    {
        var result = await ViewAsync(gtin, lot, serial, countScan, text, ct);
        metrics.Scanned(result.View.Status.ToString().ToLowerInvariant());
        if (result.View.Status == TraceStatus.Unknown)
        {
            metrics.LookupFailed();
        }

        return result;
    }

    private async Task<TraceResult> ViewAsync(string gtin, string lot, string? serial, bool countScan, TraceText text, CancellationToken ct)
    {
        var gtin14 = Gtin.ToGtin14(gtin, out _);
        if (gtin14 is null || !DigitalLink.IsAiValue(lot) || (serial is not null && !DigitalLink.IsAiValue(serial)))
        {
            return new TraceResult(Unknown(gtin, lot, serial, text), null);
        }

        if (!lotIds.TryGetValue((gtin14, lot), out var lotId))
        {
            await using var session = store.QuerySession();
            var found = await session.Query<LotDetails>().Where(l => l.Gtin == gtin14 && l.LotCode == lot).Select(l => l.Id).ToListAsync(ct);
            if (found.Count == 0)
            {
                return new TraceResult(Unknown(gtin14, lot, serial, text), null);
            }

            lotId = lotIds[(gtin14, lot)] = found[0];
        }

        var answer = await batcher.LookUpAsync(new ScanRequest(lotId, serial, countScan));
        if (serial is not null && answer.Stamp is null)
        {
            return new TraceResult(Unknown(gtin14, lot, serial, text), null);
        }

        var trace = await TraceAsync(lotId, answer.LotVersion, answer.RegistersVersion, ct);
        if (trace is null)
        {
            return new TraceResult(Unknown(gtin14, lot, serial, text), null);
        }

        var stamp = answer.Stamp;
        var status = stamp is null ? TraceStatus.Lot : stamp.VoidedAt is null ? TraceStatus.Genuine : TraceStatus.Voided;
        if (countScan && status == TraceStatus.Genuine)
        {
            days.Count(FieldTime.DateOf(clock.GetCurrentInstant()), trace.CommuneCode);
        }

        var lotView = trace.View;
        var warnings = new List<TraceWarning>();
        if (lotView.Recalled)
        {
            warnings.Add(new TraceWarning("recalled", text["recalled"]));
        }

        if (status == TraceStatus.Voided)
        {
            warnings.Add(new TraceWarning("voided", text["voided"]));
        }

        var tally = stamp?.Tally;
        if (tally is { } t && t.Count > options.Value.SuspiciousScanCount)
        {
            warnings.Add(new TraceWarning("suspicious-scans", text.Format("suspicious", t.Count)));
        }

        var view = lotView with
        {
            Status = status,
            Serial = stamp?.Serial ?? serial,
            DigitalLink = stamp?.Serial is { } issued ? links.ForUnit(lotView.Gtin, lotView.Lot, issued) : lotView.DigitalLink,
            Scans = tally is null ? null : new TraceScans(tally.Count, tally.FirstScannedAt),
            Warnings = warnings,
        };
        return new TraceResult(view, trace.Pages);
    }

    /// <summary>The lot's trace data at these versions: from memory when this instance read them already, else read once (concurrent lookups share the read).</summary>
    private async Task<LotTrace?> TraceAsync(Guid lotId, long version, long registers, CancellationToken ct)
    {
        while (true)
        {
            if (traces.TryGetValue(lotId, out var cached) && cached.Version == version && cached.Registers == registers && !cached.Load.IsFaulted)
            {
                return await cached.Load.WaitAsync(ct);
            }

            if (cached is not null && (cached.Version > version || cached.Registers > registers) && cached.Load.IsCompletedSuccessfully)
            {
                // Another lookup already read a newer version: it is at least as current as what this one asked for.
                return await cached.Load;
            }

            var load = new CachedTrace(version, registers, LoadAsync(lotId, $"{lotId:N}-{version}-{registers}"));
            var stored = cached is null ? traces.TryAdd(lotId, load) : traces.TryUpdate(lotId, load, cached);
            if (stored)
            {
                if (traces.Count > options.Value.CachedLots)
                {
                    // Bounded memory: forget the others (they are read again on their next scan).
                    foreach (var key in traces.Keys.Where(k => k != lotId))
                    {
                        traces.TryRemove(key, out _);
                    }
                }

                return await load.Load.WaitAsync(ct);
            }
        }
    }

    private sealed record CachedTrace(long Version, long Registers, Task<LotTrace?> Load);

    /// <summary>The lot page's view, the household's commune (for scans per day) and the pages rendered of this version.</summary>
    private sealed record LotTrace(TraceView View, string CommuneCode, LotPages Pages);

    private async Task<LotTrace?> LoadAsync(Guid lotId, string version)
    {
        var ct = CancellationToken.None; // shared by every lookup waiting for it
        await using var session = store.QuerySession();
        var batch = session.CreateBatchQuery();
        var lotDetails = batch.Load<LotDetails>(lotId);
        await batch.Execute(ct);
        var details = await lotDetails;
        if (details is null)
        {
            return null;
        }

        batch = session.CreateBatchQuery();
        var batchDetails = batch.Load<BatchDetails>(details.BatchId);
        var timeline = batch.Load<BatchTimeline>(details.BatchId);
        var household = batch.Load<Household>(details.HouseholdId);

        // The registers' versions, so the names of the household's codes come from memory while its register is unchanged.
        var registerStamps = batch.Query(new RegisterStamps());
        var cooperative = details.CooperativeId is { } cooperativeId ? batch.Load<Cooperative>(cooperativeId) : null;
        var area = batch.Load<GrowingArea>(details.GrowingAreaId);
        var certificates = batch.Query<Certificate>().Where(c => c.GrowingAreaIds.Contains(details.GrowingAreaId)).ToList();
        await batch.Execute(ct);

        var harvestDates = (await batchDetails)?.HarvestDates.Where(d => d <= details.PackedOn).Order().ToList() ?? [];
        var claims = harvestDates.Count == 0 ? [] : CertificateDecisions.Claims(await certificates, harvestDates);
        var home = await household;
        var growingArea = await area;
        var view = new TraceView(
            TraceStatus.Lot,
            details.ProductName,
            details.Gtin,
            details.LotCode,
            null,
            links.ForLot(details.Gtin, details.LotCode),
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
            null,
            details.RecalledAt is not null,
            details.RecallReason,
            details.RecalledAt,
            [])
        {
            Market = details.Market,
            PackingHouseCodes = details.PackingHouseCodes,
        };
        return new LotTrace(view, home?.CommuneCode ?? "", new LotPages(version));
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
