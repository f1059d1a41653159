using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;

namespace HaiDuong.Agri.Api.Exports;

// The lot's stream: packing (a transformation from the batch), stamps commissioned and voided, the recall.
public static partial class EpcisDocument
{
    /// <summary>
    /// When packing happened. The lot records its day and when it was recorded: that moment when it was recorded on the
    /// packing day, else the start of the day — unless that is before a harvest the lot packed (harvests carry their field
    /// time, often later that morning): the lot cannot have been packed before its fruit was picked, so then it is one second
    /// after the latest harvest it packed.
    /// </summary>
    public static Instant PackingTime(LocalDate packedOn, Instant packedAt, Instant? latestHarvestPacked)
    {
        var recorded = FieldTime.DateOf(packedAt) == packedOn ? packedAt : FieldTime.StartOf(packedOn);
        return latestHarvestPacked is { } harvest && recorded < harvest ? harvest + Duration.FromSeconds(1) : recorded;
    }

    /// <summary>
    /// The field time of the latest harvest the lot took fruit from: the batch's lots take its harvests first in, first out
    /// (<see cref="HarvestAllocation"/>, as the FSMA 204 harvesting rows split them). Should the lot's share not show, it is
    /// taken to have packed every harvest dated up to its packing day.
    /// </summary>
    private static Instant? LatestHarvestPacked(LotHistory history)
    {
        var harvests = history.BatchEvents.Select(e => e.Data).OfType<BatchHarvested>().ToList();
        var lots = history.BatchEvents.Select(e => e.Data).OfType<BatchPacked>().ToList();
        var portions = HarvestAllocation.Allocate(
            [.. harvests.Select(h => new HarvestTaken(h.StepId, h.HarvestedOn, HarvestAllocation.Grams(h.QuantityKg)))],
            [.. lots.Select(l => new LotTaking(l.LotId, l.PackedOn, l.Grams))]);
        var used = portions.Where(p => p.LotId == history.Lot.Id).Select(p => p.HarvestStepId).ToHashSet();
        var packed = harvests.Where(h => used.Contains(h.StepId)).ToList();
        if (packed.Count == 0)
        {
            packed = [.. harvests.Where(h => h.HarvestedOn <= history.Lot.PackedOn)];
        }

        return packed.Count == 0 ? null : packed.Max(h => h.OccurredAt);
    }

    private static IEnumerable<Draft> LotEvents(LotHistory history, Identifiers ids)
    {
        var lot = history.Lot;
        foreach (var (streamId, version, data) in history.LotEvents)
        {
            var key = $"{streamId:N}/{version}";
            switch (data)
            {
                case LotPacked e:
                    yield return Packing(e, history.Lot, key, ids, LatestHarvestPacked(history));
                    break;
                case StampsIssued e:
                    var parts = e.Serials.Chunk(MaxEpcsPerEvent).ToList();
                    for (var part = 0; part < parts.Count; part++)
                    {
                        var partKey = $"{key}/{part}";
                        var stamps = ObjectEvent(e.IssuedAt, e.IssuedAt, partKey, "ADD");
                        stamps["epcList"] = new JsonArray([.. parts[part].Select(s => (JsonNode)ids.Unit(s))]);
                        stamps["bizStep"] = "commissioning";
                        stamps["disposition"] = "active";
                        At(stamps, ids.Site);
                        stamps["ilmd"] = new JsonObject { ["cbvmda:lotNumber"] = lot.LotCode };
                        yield return new Draft(e.IssuedAt, Rank.Stamps, stamps);
                    }

                    break;
                case StampVoided e:
                    var voided = ObjectEvent(e.VoidedAt, e.VoidedAt, key, "DELETE");
                    voided["epcList"] = new JsonArray(ids.Unit(e.Serial));
                    voided["bizStep"] = "decommissioning";
                    voided["disposition"] = "inactive";
                    At(voided, ids.Site);
                    Extend(voided, "reason", e.Reason);
                    yield return new Draft(e.VoidedAt, Rank.Voiding, voided);
                    break;
                case LotRecalled e:
                    var recall = ObjectEvent(e.RecalledAt, e.RecalledAt, key, "OBSERVE");
                    recall["quantityList"] = Quantities((ids.LotClass, lot.UnitCount, "H87"));
                    recall["bizStep"] = BizStepBase + "recalling";
                    recall["disposition"] = "recalled";
                    recall["persistentDisposition"] = new JsonObject { ["set"] = new JsonArray("recalled") };
                    At(recall, ids.Site);
                    Extend(recall, "reason", e.Reason);
                    yield return new Draft(e.RecalledAt, Rank.Recall, recall);
                    break;
            }
        }
    }

    /// <summary>
    /// Packing turns part of the batch's harvest (kg of the batch's class) into the lot (its units); its ILMD names the market
    /// the lot was packed for and the growing-area and packing-house codes it carries.
    /// </summary>
    private static Draft Packing(LotPacked packed, LotDetails lot, string key, Identifiers ids, Instant? latestHarvestPacked)
    {
        var at = PackingTime(packed.PackedOn, packed.PackedAt, latestHarvestPacked);
        var e = Common("TransformationEvent", at, packed.PackedAt, key);
        e["inputQuantityList"] = Quantities((ids.BatchClass, (long)packed.UnitCount * packed.NetWeightGrams / 1000m, "KGM"));
        e["outputQuantityList"] = Quantities((ids.LotClass, packed.UnitCount, "H87"));
        e["bizStep"] = "packing";
        e["disposition"] = "active";
        At(e, ids.Site);
        var ilmd = new JsonObject
        {
            ["cbvmda:lotNumber"] = packed.LotCode,
            ["cbvmda:countryOfOrigin"] = CountryOfOrigin,
        };
        Extend(ilmd, "gtin", packed.Gtin);
        Extend(ilmd, "productName", packed.ProductName);
        Extend(ilmd, "packaging", packed.Packaging);
        Extend(ilmd, "netWeightGrams", packed.NetWeightGrams);
        Extend(ilmd, "packedOn", Date(packed.PackedOn));
        Extend(ilmd, "market", lot.Market is { } market ? Markets.Name(market) : null);
        Extend(ilmd, "growingAreaCodes", lot.GrowingAreaCodes.Count == 0 ? null : new JsonArray([.. lot.GrowingAreaCodes.Select(c => JsonValue.Create(c))]));
        Extend(ilmd, "packingHouseCodes", lot.PackingHouseCodes.Count == 0 ? null : new JsonArray([.. lot.PackingHouseCodes.Select(c => JsonValue.Create(c))]));
        e["ilmd"] = ilmd;
        return new Draft(at, Rank.Packing, e);
    }
}
