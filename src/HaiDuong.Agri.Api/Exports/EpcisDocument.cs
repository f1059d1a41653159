using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Domain.Households;
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
/// stream and version, so the same history always gives the same ids. This file holds the document's envelope and what every
/// event shares; each source's events are built in the <c>EpcisDocument.*.cs</c> files beside it.
/// </summary>
public static partial class EpcisDocument
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
