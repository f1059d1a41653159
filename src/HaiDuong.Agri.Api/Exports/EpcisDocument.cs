using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Exports;

/// <summary>One stored event of a stream: the stream, its version there and the event itself.</summary>
public sealed record StreamEvent(Guid StreamId, long Version, object Data);

/// <summary>Everything a lot's EPCIS document is made from, as read from the store.</summary>
public sealed record LotHistory(
    LotDetails Lot,
    IReadOnlyList<StreamEvent> LotEvents,
    IReadOnlyList<StreamEvent> BatchEvents,
    GrowingArea? Area,
    Household? Household,
    Cooperative? Cooperative,
    IReadOnlyList<Inspection> Inspections,
    IReadOnlyList<Certificate> Certificates,
    IReadOnlyList<StreamEvent> ListingEvents);

/// <summary>
/// A lot's whole history as one GS1 EPCIS 2.0 JSON-LD document (a pure function of what was read). CBV 2.0 has no
/// farming steps, so planting commissions the batch (ADD with ILMD), inputs, activities, harvest, listing, delisting and
/// recall are OBSERVE events with bizSteps of our own namespace (<see cref="Namespace"/>, prefix <c>agri</c>), packing is
/// a TransformationEvent from the batch (kg) to the lot (units), stamps are commissioned as their Digital Links and voided
/// ones decommissioned, inspections are <c>inspecting</c> and orders <c>shipping</c>. Event ids are hashes of the source
/// stream and version, so the same history always gives the same ids.
/// </summary>
public static class EpcisDocument
{
    public const string MediaType = "application/ld+json";
    public const string EpcisContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>The namespace of our extension fields and business steps (JSON-LD prefix <c>agri</c>).</summary>
    public const string Namespace = "https://haiduong.agri/epcis/";

    /// <summary>Serials per stamp commissioning event: an issue of 10,000 stamps becomes 10 events.</summary>
    public const int MaxEpcsPerEvent = 1000;

    public const string CountryOfOrigin = "VN";

    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string BizStepBase = Namespace + "bizstep/";
    private const string MasterData = "urn:epcglobal:cbv:mda#";

    private static readonly OffsetDateTimePattern TimePattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffo<+HH:mm>");

    private static readonly OffsetPattern OffsetFormat = OffsetPattern.CreateWithInvariantCulture("+HH:mm");

    /// <summary>Where events with the same time go first: the order things happen in on a farm.</summary>
    private enum Rank
    {
        Commissioning,
        FarmStep,
        Inspection,
        Harvest,
        Packing,
        Stamps,
        Listing,
        Order,
        Voiding,
        Recall,
        Delisting,
    }

    private sealed record Draft(Instant At, Rank Rank, JsonObject Event);

    /// <summary>Builds the document; <paramref name="now"/> is its creation date.</summary>
    public static JsonObject Build(LotHistory history, string publicBaseUrl, Instant now)
    {
        var ids = new Identifiers(publicBaseUrl.TrimEnd('/'), history.Lot);
        var drafts = new List<Draft>();
        drafts.AddRange(BatchEvents(history, ids));
        drafts.AddRange(InspectionEvents(history, ids));
        drafts.AddRange(LotEvents(history, ids));
        drafts.AddRange(ListingEvents(history, ids));
        // Events of the same moment keep the order of their kind, then the order of their streams (stable sort).
        var events = drafts
            .OrderBy(d => d.At)
            .ThenBy(d => d.Rank)
            .Select(d => (JsonNode)d.Event)
            .ToArray();
        return new JsonObject
        {
            ["@context"] = new JsonArray(EpcisContext, new JsonObject { ["agri"] = Namespace }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(now),
            ["epcisHeader"] = new JsonObject
            {
                ["epcisMasterData"] = new JsonObject { ["vocabularyList"] = new JsonArray(Locations(history, ids)) },
            },
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray(events) },
        };
    }

    /// <summary>An instant as EPCIS writes it: ISO 8601 in Việt Nam's offset, e.g. <c>2026-06-04T07:30:00.000+07:00</c>.</summary>
    public static string Time(Instant instant) => TimePattern.Format(instant.InZone(FieldTime.Zone).ToOffsetDateTime());

    /// <summary>A stable event id: <c>ni:///sha-256;{hex}</c> of a canonical key (stream id, version, part).</summary>
    public static string EventId(string key) =>
        "ni:///sha-256;" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("haiduong-agri:" + key)));

    /// <summary>When packing happened: when it was recorded if that was on the packing date, else the start of that date.</summary>
    public static Instant PackingTime(LocalDate packedOn, Instant packedAt) =>
        FieldTime.DateOf(packedAt) == packedOn ? packedAt : FieldTime.StartOf(packedOn);

    /// <summary>
    /// The inspections that belong to the lot's history: dated on or before packing, and either made while the batch was
    /// in the ground or the source of a certificate valid on one of the lot's harvests.
    /// </summary>
    public static bool Belongs(Inspection inspection, Certificate? certificate, LocalDate? plantedOn, IReadOnlyList<LocalDate> harvests, LocalDate packedOn) =>
        inspection.InspectedOn <= packedOn
        && ((plantedOn is { } planted && inspection.InspectedOn >= planted)
            || (certificate is not null && harvests.Any(certificate.IsValidOn)));

    private sealed class Identifiers(string baseUrl, LotDetails lot)
    {
        public string BatchClass { get; } = $"{baseUrl}/batches/{lot.BatchId}";

        public string LotClass { get; } = DigitalLink.ForLot(baseUrl, lot.Gtin, lot.LotCode);

        public string Area { get; } = $"{baseUrl}/growing-areas/{lot.GrowingAreaId}";

        /// <summary>Where the lot was packed, and from where it is sold: the cooperative, or the household without one.</summary>
        public string Site { get; } = lot.CooperativeId is { } cooperative
            ? $"{baseUrl}/cooperatives/{cooperative}"
            : $"{baseUrl}/households/{lot.HouseholdId}";

        public string Unit(string serial) => DigitalLink.ForUnit(baseUrl, lot.Gtin, lot.LotCode, serial);

        public string Certificate(Guid id) => $"{baseUrl}/certificates/{id}";
    }

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

    private static IEnumerable<Draft> InspectionEvents(LotHistory history, Identifiers ids)
    {
        var lot = history.Lot;
        var planted = history.BatchEvents.Select(e => e.Data).OfType<BatchPlanted>().FirstOrDefault()?.PlantedOn;
        var harvests = history.BatchEvents.Select(e => e.Data).OfType<BatchHarvested>()
            .Select(h => h.HarvestedOn).Where(d => d <= lot.PackedOn).ToList();
        foreach (var inspection in history.Inspections)
        {
            var certificate = history.Certificates.FirstOrDefault(c => c.InspectionId == inspection.Id);
            if (!Belongs(inspection, certificate, planted, harvests, lot.PackedOn))
            {
                continue;
            }

            var key = $"{inspection.Id:N}/1";
            var at = FieldTime.StartOf(inspection.InspectedOn);
            var e = ObjectEvent(at, inspection.RecordedAt, key, "OBSERVE");

            // An inspection of the area while the batch grows there observes the batch; one before it inspects the place only.
            if (planted is { } plantedOn && inspection.InspectedOn >= plantedOn)
            {
                e["quantityList"] = Quantities((ids.BatchClass, null, null));
            }
            else
            {
                e["epcList"] = new JsonArray();
            }

            e["bizStep"] = "inspecting";
            e["disposition"] = inspection.Outcome.Passed ? "conformant" : "non_conformant";
            At(e, ids.Area);
            if (certificate is not null)
            {
                e["certificationInfo"] = ids.Certificate(certificate.Id);
            }

            Extend(e, "scheme", Kebab(inspection.Scheme));
            Extend(e, "checklistVersion", inspection.ChecklistVersion);
            Extend(e, "inspectedOn", Date(inspection.InspectedOn));
            Extend(e, "certificationBody", inspection.CertificationBodyId.ToString());
            Extend(e, "passed", inspection.Outcome.Passed);
            Extend(e, "majorCompliancePercent", inspection.Outcome.MajorCompliancePercent);
            Extend(e, "minorCompliancePercent", inspection.Outcome.MinorCompliancePercent);
            e["agri:failedControlPoints"] = new JsonArray([.. inspection.Outcome.FailedControlPoints.Select(p => (JsonNode)p)]);
            if (certificate is not null)
            {
                Extend(e, "certificateNumber", certificate.CertificateNumber);
                Extend(e, "certificateIssuedOn", Date(certificate.IssuedOn));
                Extend(e, "certificateValidUntil", Date(certificate.ValidUntil));
            }

            yield return new Draft(at, Rank.Inspection, e);
        }
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

    private static IEnumerable<Draft> ListingEvents(LotHistory history, Identifiers ids)
    {
        ListingPublished? published = null;
        foreach (var (streamId, version, data) in history.ListingEvents)
        {
            var key = $"{streamId:N}/{version}";
            switch (data)
            {
                case ListingPublished e:
                    published = e;
                    var listing = ObjectEvent(e.PublishedAt, e.PublishedAt, key, "OBSERVE");
                    listing["quantityList"] = Quantities((ids.LotClass, e.Stock, "H87"));
                    listing["bizStep"] = BizStepBase + "listing";
                    listing["disposition"] = "sellable_accessible";
                    At(listing, ids.Site);
                    Extend(listing, "sellerSku", e.SellerSku);
                    Extend(listing, "title", e.Title);
                    Extend(listing, "priceVnd", e.PriceVnd);
                    listing["agri:marketplaces"] = new JsonArray([.. e.Channels.Select(c => (JsonNode)ListingDecisions.Name(c.Marketplace))]);
                    yield return new Draft(e.PublishedAt, Rank.Listing, listing);
                    break;
                case ListingOrdered e:
                    var order = ObjectEvent(e.OrderedAt, e.RecordedAt, key, "OBSERVE");
                    order["quantityList"] = Quantities((ids.LotClass, e.Quantity, "H87"));
                    order["bizStep"] = "shipping";
                    order["disposition"] = "in_transit";
                    At(order, ids.Site);
                    order["bizTransactionList"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "po",
                        ["bizTransaction"] = OrderUrn(e.Marketplace, e.ExternalOrderId),
                    });
                    Extend(order, "marketplace", ListingDecisions.Name(e.Marketplace));
                    Extend(order, "externalOrderId", e.ExternalOrderId);
                    Extend(order, "sellerSku", published?.SellerSku);
                    Extend(order, "totalVnd", e.TotalVnd);
                    yield return new Draft(e.OrderedAt, Rank.Order, order);
                    break;
                case ListingDelisted e:
                    var delisted = ObjectEvent(e.DelistedAt, e.DelistedAt, key, "OBSERVE");
                    delisted["quantityList"] = Quantities((ids.LotClass, null, null));
                    delisted["bizStep"] = BizStepBase + "delisting";
                    delisted["disposition"] = "non_sellable_other";
                    At(delisted, ids.Site);
                    Extend(delisted, "sellerSku", published?.SellerSku);
                    Extend(delisted, "reason", e.Reason);
                    yield return new Draft(e.DelistedAt, Rank.Delisting, delisted);
                    break;
            }
        }
    }

    /// <summary>The purchase order a marketplace reported: <c>urn:haiduong-agri:order:{marketplace}:{externalOrderId}</c>.</summary>
    public static string OrderUrn(Marketplace marketplace, string externalOrderId) =>
        $"urn:haiduong-agri:order:{ListingDecisions.Name(marketplace)}:{Uri.EscapeDataString(externalOrderId)}";

    /// <summary>Master data naming the two locations the events happen at: the growing area and the packing site.</summary>
    private static JsonObject Locations(LotHistory history, Identifiers ids)
    {
        var area = new JsonArray();
        if (history.Area is { } a)
        {
            Attribute(area, MasterData + "name", a.Name);
            Attribute(area, MasterData + "countryCode", CountryOfOrigin);
            Attribute(area, MasterData + "latitude", a.Latitude);
            Attribute(area, MasterData + "longitude", a.Longitude);
            Attribute(area, Namespace + "areaCode", a.AreaCode);
            Attribute(area, Namespace + "communeCode", a.CommuneCode);
            Attribute(area, Namespace + "crop", a.Crop);
            Attribute(area, Namespace + "areaM2", a.AreaM2);
        }

        var site = new JsonArray();
        var (name, address, province, commune) = history.Cooperative is { } c
            ? (c.Name, c.Address, c.ProvinceCode, c.CommuneCode)
            : history.Household is { } h ? (h.Name, h.Address, h.ProvinceCode, h.CommuneCode) : (null, null, null, null);
        Attribute(site, MasterData + "name", name);
        Attribute(site, MasterData + "streetAddressOne", address);
        Attribute(site, MasterData + "countryCode", CountryOfOrigin);
        Attribute(site, Namespace + "provinceCode", province);
        Attribute(site, Namespace + "communeCode", commune);
        return new JsonObject
        {
            ["type"] = "urn:epcglobal:epcis:vtype:BusinessLocation",
            ["vocabularyElementList"] = new JsonArray(
                new JsonObject { ["id"] = ids.Area, ["attributes"] = area },
                new JsonObject { ["id"] = ids.Site, ["attributes"] = site }),
        };
    }

    private static void Attribute(JsonArray attributes, string id, JsonNode? value)
    {
        if (value is not null)
        {
            attributes.Add(new JsonObject { ["id"] = id, ["attribute"] = value });
        }
    }

    private static JsonObject Common(string type, Instant at, Instant recordedAt, string key) => new()
    {
        ["type"] = type,
        ["eventTime"] = Time(at),
        ["eventTimeZoneOffset"] = OffsetFormat.Format(FieldTime.Zone.GetUtcOffset(at)),
        ["recordTime"] = Time(recordedAt),
        ["eventID"] = EventId(key),
    };

    private static JsonObject ObjectEvent(Instant at, Instant recordedAt, string key, string action)
    {
        var e = Common("ObjectEvent", at, recordedAt, key);
        e["action"] = action;
        return e;
    }

    private static void At(JsonObject e, string location)
    {
        e["readPoint"] = new JsonObject { ["id"] = location };
        e["bizLocation"] = new JsonObject { ["id"] = location };
    }

    private static JsonArray Quantities(params (string EpcClass, decimal? Quantity, string? Uom)[] items) =>
        new([.. items.Select(i =>
        {
            var element = new JsonObject { ["epcClass"] = i.EpcClass };
            if (i.Quantity is { } quantity)
            {
                element["quantity"] = quantity;
            }

            if (i.Uom is { } uom)
            {
                element["uom"] = uom;
            }

            return (JsonNode)element;
        })]);

    /// <summary>An extension field <c>agri:{name}</c>, left out when there is no value.</summary>
    private static void Extend(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target["agri:" + name] = value;
        }
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Kebab<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Writes the document as compact UTF-8 JSON (Vietnamese letters as themselves).</summary>
    public static string Write(JsonObject document) => document.ToJsonString(JsonOptions);
}
