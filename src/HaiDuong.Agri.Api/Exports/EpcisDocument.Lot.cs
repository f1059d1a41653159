using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;

namespace HaiDuong.Agri.Api.Exports;

// The lot's stream: packing (a transformation from the batch), stamps commissioned and voided, the recall.
public static partial class EpcisDocument
{
    /// <summary>When packing happened: when it was recorded if that was on the packing date, else the start of that date.</summary>
    public static Instant PackingTime(LocalDate packedOn, Instant packedAt) =>
        FieldTime.DateOf(packedAt) == packedOn ? packedAt : FieldTime.StartOf(packedOn);

    private static IEnumerable<Draft> LotEvents(LotHistory history, Identifiers ids)
    {
        var lot = history.Lot;
        foreach (var (streamId, version, data) in history.LotEvents)
        {
            var key = $"{streamId:N}/{version}";
            switch (data)
            {
                case LotPacked e:
                    yield return Packing(e, key, ids);
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

    /// <summary>Packing turns part of the batch's harvest (kg of the batch's class) into the lot (its units).</summary>
    private static Draft Packing(LotPacked packed, string key, Identifiers ids)
    {
        var at = PackingTime(packed.PackedOn, packed.PackedAt);
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
        e["ilmd"] = ilmd;
        return new Draft(at, Rank.Packing, e);
    }
}
