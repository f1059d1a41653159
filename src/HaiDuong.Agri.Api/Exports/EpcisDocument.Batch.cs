using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Api.Exports;

// The batch's stream: commissioning at planting, inputs, field activities and harvests up to the packing date.
public static partial class EpcisDocument
{
    private static IEnumerable<Draft> BatchEvents(LotHistory history, Identifiers ids)
    {
        var packedOn = history.Lot.PackedOn;
        BatchStarted? started = null;
        var commissioned = false;
        foreach (var (streamId, version, data) in history.BatchEvents)
        {
            var key = $"{streamId:N}/{version}";
            switch (data)
            {
                case BatchStarted e:
                    started = e;
                    break;
                case BatchPlanted e when !commissioned:
                    commissioned = true;
                    yield return Commissioning(started, e.OccurredAt, e.RecordedAt, key, ids, e);
                    break;
                case InputApplied e when e.AppliedOn <= packedOn:
                    yield return new Draft(e.OccurredAt, Rank.FarmStep, Input(e, key, ids));
                    break;
                case ActivityRecorded e when FieldTime.DateOf(e.OccurredAt) <= packedOn:
                    yield return new Draft(e.OccurredAt, Rank.FarmStep, Activity(e, key, ids));
                    break;
                case BatchHarvested e when e.HarvestedOn <= packedOn:
                    yield return new Draft(e.OccurredAt, Rank.Harvest, Harvest(e, key, ids));
                    break;
            }
        }

        if (!commissioned && started is not null)
        {
            yield return Commissioning(started, started.StartedAt, started.StartedAt, $"{started.BatchId:N}/1", ids, planted: null);
        }
    }

    /// <summary>The batch comes into being when it is planted: ADD of its class, with its lot number, origin, crop and variety.</summary>
    private static Draft Commissioning(BatchStarted? started, Instant at, Instant recordedAt, string key, Identifiers ids, BatchPlanted? planted)
    {
        var ilmd = new JsonObject
        {
            ["cbvmda:lotNumber"] = started?.BatchId.ToString() ?? key,
            ["cbvmda:countryOfOrigin"] = CountryOfOrigin,
        };
        Extend(ilmd, "crop", started?.Crop);
        Extend(ilmd, "variety", started?.Variety);
        Extend(ilmd, "season", started?.Season);
        var e = ObjectEvent(at, recordedAt, key, "ADD");
        e["quantityList"] = Quantities((ids.BatchClass, null, null));
        e["bizStep"] = "commissioning";
        e["disposition"] = "active";
        At(e, ids.Area);
        e["ilmd"] = ilmd;
        if (planted is not null)
        {
            Extend(e, "plantedOn", Date(planted.PlantedOn));
            Extend(e, "seedSource", planted.SeedSource);
            Extend(e, "seedLot", planted.SeedLot);
            Extend(e, "plantingQuantity", planted.Quantity);
            Extend(e, "plantingUnit", planted.Unit);
        }

        return new Draft(at, Rank.Commissioning, e);
    }

    private static JsonObject Input(InputApplied input, string key, Identifiers ids)
    {
        var e = ObjectEvent(input.OccurredAt, input.RecordedAt, key, "OBSERVE");
        e["quantityList"] = Quantities((ids.BatchClass, null, null));
        e["bizStep"] = input.Kind switch
        {
            InputKind.Fertilizer => BizStepBase + "fertilizing",
            InputKind.Pesticide => BizStepBase + "spraying",
            _ => "other",
        };
        At(e, ids.Area);
        Extend(e, "inputKind", Kebab(input.Kind));
        Extend(e, "productName", input.ProductName);
        Extend(e, "activeIngredient", input.ActiveIngredient);
        Extend(e, "dose", input.Dose);
        Extend(e, "doseUnit", input.Unit);
        Extend(e, "appliedOn", Date(input.AppliedOn));
        Extend(e, "preHarvestIntervalDays", input.PreHarvestIntervalDays);
        Extend(e, "safeHarvestFrom", input.SafeHarvestFrom is { } safe ? Date(safe) : null);
        Extend(e, "operator", input.Operator);
        Extend(e, "reason", input.Reason);
        return e;
    }

    private static JsonObject Activity(ActivityRecorded activity, string key, Identifiers ids)
    {
        var e = ObjectEvent(activity.OccurredAt, activity.RecordedAt, key, "OBSERVE");
        e["quantityList"] = Quantities((ids.BatchClass, null, null));
        e["bizStep"] = activity.Kind switch
        {
            ActivityKind.Irrigation => BizStepBase + "irrigating",
            ActivityKind.Pruning => BizStepBase + "pruning",
            ActivityKind.Weeding => BizStepBase + "weeding",
            ActivityKind.Observation => BizStepBase + "observing",
            _ => "other",
        };
        At(e, ids.Area);
        Extend(e, "activity", Kebab(activity.Kind));
        Extend(e, "notes", activity.Notes);
        return e;
    }

    private static JsonObject Harvest(BatchHarvested harvest, string key, Identifiers ids)
    {
        var e = ObjectEvent(harvest.OccurredAt, harvest.RecordedAt, key, "OBSERVE");
        e["quantityList"] = Quantities((ids.BatchClass, harvest.QuantityKg, "KGM"));
        e["bizStep"] = BizStepBase + "harvesting";
        At(e, ids.Area);
        Extend(e, "harvestedOn", Date(harvest.HarvestedOn));
        Extend(e, "grade", harvest.Grade);
        return e;
    }
}
