using System.Globalization;
using System.Text;
using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Domain.Lots;
using HaiDuong.Agri.Domain.Regions;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Exports;

/// <summary>One critical tracking event of the FDA FSMA 204 sortable spreadsheet; one value per cell.</summary>
public sealed record Fsma204Row(
    string EventType,
    string TraceabilityLotCode,
    string ProductDescription,
    string Quantity,
    string UnitOfMeasure,
    string LocationName,
    string LocationAddress,
    LocalDate Date,
    string TlcSource,
    string ReferenceDocumentType,
    string ReferenceDocumentNumber,
    string ImmediatePreviousSource,
    string ImmediateSubsequentRecipient);

/// <summary>An order with the lot it took units of.</summary>
public sealed record ShippedOrder(MarketplaceOrder Order, Guid LotId);

/// <summary>What the spreadsheet is made from, as read from the store (already limited to what the caller may see).</summary>
public sealed record Fsma204Sources(
    LocalDate From,
    LocalDate To,
    IReadOnlyList<BatchDetails> HarvestedBatches,
    IReadOnlyList<BatchTimeline> Timelines,
    IReadOnlyList<LotDetails> Lots,
    IReadOnlyList<ShippedOrder> Orders,
    IReadOnlyDictionary<Guid, Household> Households,
    IReadOnlyDictionary<Guid, Cooperative> Cooperatives,
    IReadOnlyDictionary<Guid, GrowingArea> Areas)
{
    /// <summary>The registers of the provinces the addresses are in, by province code: their names go beside the codes.</summary>
    public IReadOnlyDictionary<string, ProvinceRegister> Registers { get; init; } = new Dictionary<string, ProvinceRegister>();
}

/// <summary>
/// The FSMA 204 (Food Traceability Rule) records of a date range as pure functions: one row per harvest portion (each lot
/// it went into, and what is not packed yet without a traceability lot code), per initial packing (the TLC is assigned
/// here: GTIN + lot) and per shipping (a marketplace order); written as RFC 4180 CSV.
/// </summary>
public static class Fsma204
{
    public const string Harvesting = "Harvesting";
    public const string InitialPacking = "Initial packing";
    public const string Shipping = "Shipping";
    public const string NotPacked = "No traceability lot code yet: not packed into a lot";

    public static readonly IReadOnlyList<string> Columns =
    [
        "Event Type", "Traceability Lot Code", "Product Description", "Quantity", "Unit of Measure", "Location Name",
        "Location Address", "Date", "TLC Source", "Reference Document Type", "Reference Document Number",
        "Immediate Previous Source", "Immediate Subsequent Recipient",
    ];

    /// <summary>The traceability lot code: the GS1 element string of GTIN and lot, <c>(01)08931234567897(10)TP0001</c>.</summary>
    public static string Tlc(string gtin14, string lotCode) => $"(01){gtin14}(10){lotCode}";

    /// <summary>Every row dated in the range, sorted by date, then event type, then TLC (then reference number).</summary>
    public static IReadOnlyList<Fsma204Row> Rows(Fsma204Sources s)
    {
        var rows = new List<Fsma204Row>();
        rows.AddRange(HarvestRows(s));
        rows.AddRange(s.Lots.Where(l => In(s, l.PackedOn)).DistinctBy(l => l.Id).Select(l => PackingRow(s, l)));
        var lots = s.Lots.DistinctBy(l => l.Id).ToDictionary(l => l.Id);
        rows.AddRange(s.Orders
            .Where(o => In(s, FieldTime.DateOf(o.Order.OrderedAt)) && lots.ContainsKey(o.LotId))
            .Select(o => ShippingRow(s, o.Order, lots[o.LotId])));
        return [.. rows
            .OrderBy(r => r.Date)
            .ThenBy(r => r.EventType, StringComparer.Ordinal)
            .ThenBy(r => r.TraceabilityLotCode, StringComparer.Ordinal)
            .ThenBy(r => r.ReferenceDocumentNumber, StringComparer.Ordinal)];
    }

    private static bool In(Fsma204Sources s, LocalDate date) => s.From <= date && date <= s.To;

    private static IEnumerable<Fsma204Row> HarvestRows(Fsma204Sources s)
    {
        var timelines = s.Timelines.ToDictionary(t => t.Id);
        foreach (var batch in s.HarvestedBatches)
        {
            var harvests = timelines.GetValueOrDefault(batch.Id)?.Steps
                .Where(step => step.Type == "harvest" && step.Date is not null && step.QuantityKg is not null)
                .ToList() ?? [];
            var lots = s.Lots.Where(l => l.BatchId == batch.Id).DistinctBy(l => l.Id).OrderBy(l => l.PackedAt).ToList();
            var byLot = lots.ToDictionary(l => l.Id);
            var byStep = harvests.ToDictionary(h => h.StepId);
            var portions = HarvestAllocation.Allocate(
                [.. harvests.Select(h => new HarvestTaken(h.StepId, h.Date!.Value, HarvestAllocation.Grams(h.QuantityKg!.Value)))],
                [.. lots.Select(l => new LotTaking(l.Id, l.PackedOn, (long)l.UnitCount * l.NetWeightGrams))]);
            var household = s.Households.GetValueOrDefault(batch.HouseholdId);
            var area = s.Areas.GetValueOrDefault(batch.GrowingAreaId);
            foreach (var portion in portions)
            {
                var date = byStep[portion.HarvestStepId].Date!.Value;
                if (!In(s, date))
                {
                    continue;
                }

                var lot = portion.LotId is { } lotId ? byLot[lotId] : null;
                (string Name, string Address)? packer = lot is null ? null : Packer(s, lot);
                yield return new Fsma204Row(
                    Harvesting,
                    lot is null ? "" : Tlc(lot.Gtin, lot.LotCode),
                    Commodity(batch),
                    Kilograms(portion.Grams),
                    "kg",
                    area is null ? "" : AreaName(area, lot),
                    FarmAddress(s, household, area),
                    date,
                    packer?.Name ?? NotPacked,
                    "Harvest record",
                    portion.HarvestStepId.ToString(),
                    "",
                    packer?.Name ?? "");
            }
        }
    }

    private static Fsma204Row PackingRow(Fsma204Sources s, LotDetails lot)
    {
        var packer = Packer(s, lot);
        var household = s.Households.GetValueOrDefault(lot.HouseholdId);
        var area = s.Areas.GetValueOrDefault(lot.GrowingAreaId);
        var harvester = string.Join(", ", new[]
        {
            household is null ? null : $"{household.Name} ({household.Phone})",
            area is null ? null : AreaName(area, lot),
        }.OfType<string>());
        return new Fsma204Row(
            InitialPacking, Tlc(lot.Gtin, lot.LotCode), Product(lot), Units(lot.UnitCount), "units", packer.Name, packer.Address,
            lot.PackedOn, packer.Name, "Packing record", lot.Id.ToString(), harvester, "");
    }

    private static Fsma204Row ShippingRow(Fsma204Sources s, MarketplaceOrder order, LotDetails lot)
    {
        var packer = Packer(s, lot);
        return new Fsma204Row(
            Shipping, Tlc(lot.Gtin, lot.LotCode), Product(lot), Units(order.Quantity), "units", packer.Name, packer.Address,
            FieldTime.DateOf(order.OrderedAt), packer.Name, "Marketplace order", order.ExternalOrderId, "",
            $"{MarketplaceName(order.Marketplace)} order {order.ExternalOrderId}");
    }

    /// <summary>Who packed the lot (and sells it): its cooperative (with the packing-house codes the lot carries), or the household when it has none.</summary>
    private static (string Name, string Address) Packer(Fsma204Sources s, LotDetails lot)
    {
        if (lot.CooperativeId is { } id && s.Cooperatives.GetValueOrDefault(id) is { } cooperative)
        {
            var name = lot.PackingHouseCodes.Count > 0 ? $"{cooperative.Name} ({string.Join(", ", lot.PackingHouseCodes)})" : cooperative.Name;
            return (name, Address(s, cooperative.Address, cooperative.CommuneCode, cooperative.ProvinceCode));
        }

        return s.Households.GetValueOrDefault(lot.HouseholdId) is { } household
            ? (household.Name, Address(s, household.Address, household.CommuneCode, household.ProvinceCode))
            : ("", "");
    }

    public static string MarketplaceName(Marketplace marketplace) => marketplace switch
    {
        Marketplace.Shopee => "Shopee",
        Marketplace.Lazada => "Lazada",
        Marketplace.Tiktok => "TikTok Shop",
        _ => "Webhook partner",
    };

    /// <summary>The commodity and its variety, as harvested: <c>vải thiều (Thanh Hà)</c>.</summary>
    private static string Commodity(BatchDetails batch) => batch.Variety is { } variety ? $"{batch.Crop} ({variety})" : batch.Crop;

    /// <summary>The packed product: its name and package, <c>Vải thiều Thanh Hà loại 1, Hộp 2 kg</c>.</summary>
    private static string Product(LotDetails lot) =>
        $"{lot.ProductName}, {lot.Packaging ?? string.Create(CultureInfo.InvariantCulture, $"{lot.NetWeightGrams} g")}";

    /// <summary>The growing area with its code: the growing-area codes the lot carries, else the code the area was registered with.</summary>
    private static string AreaName(GrowingArea area, LotDetails? lot) =>
        lot is { GrowingAreaCodes.Count: > 0 } ? $"{area.Name} ({string.Join(", ", lot.GrowingAreaCodes)})"
        : area.AreaCode is { } code ? $"{area.Name} ({code})"
        : area.Name;

    private static string FarmAddress(Fsma204Sources s, Household? household, GrowingArea? area)
    {
        var address = Address(s, household?.Address, area?.CommuneCode ?? household?.CommuneCode, household?.ProvinceCode);
        return area is { Latitude: { } latitude, Longitude: { } longitude }
            ? string.Create(CultureInfo.InvariantCulture, $"{address} (GPS {latitude}, {longitude})")
            : address;
    }

    /// <summary>Street, commune, province, country; a code the province's register names is written beside its name.</summary>
    private static string Address(Fsma204Sources s, string? street, string? commune, string? province)
    {
        var names = province is null || commune is null ? RegionNames.None : RegionNames.Of(s.Registers, province, commune);
        return string.Join(", ", new[]
        {
            street,
            commune is null ? null : names.CommuneName is { } communeName ? $"{communeName} (commune {commune})" : $"commune {commune}",
            province is null ? null : names.ProvinceName is { } provinceName ? $"{provinceName} (province {province})" : $"province {province}",
            "Viet Nam",
        }.Where(part => !string.IsNullOrWhiteSpace(part)));
    }

    public static string Kilograms(long grams) => (grams / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Units(int units) => units.ToString(CultureInfo.InvariantCulture);

    /// <summary>The spreadsheet: a header row and one row per event, CRLF line ends, fields quoted as RFC 4180 says.</summary>
    public static string Csv(IEnumerable<Fsma204Row> rows)
    {
        var csv = new StringBuilder();
        Line(csv, Columns);
        foreach (var r in rows)
        {
            Line(csv, [
                r.EventType, r.TraceabilityLotCode, r.ProductDescription, r.Quantity, r.UnitOfMeasure, r.LocationName,
                r.LocationAddress, LocalDatePattern.Iso.Format(r.Date), r.TlcSource, r.ReferenceDocumentType,
                r.ReferenceDocumentNumber, r.ImmediatePreviousSource, r.ImmediateSubsequentRecipient,
            ]);
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            csv.Append(i == 0 ? "" : ",").Append(CsvDownload.Field(fields[i]));
        }

        csv.Append("\r\n");
    }
}
