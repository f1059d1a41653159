using System.Diagnostics;
using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Lots;

public sealed class LotAndStampTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string Gtin13 = "8931234567897";

    /// <summary>A farm with a batch harvested on 2026-06-03 (850 kg).</summary>
    private async Task<(Farm Farm, string BatchId)> HarvestedAsync()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850 }))
            .Expect(HttpStatusCode.OK);
        return (farm, batchId);
    }

    private static object Lot(string batchId, int units = 100, int grams = 2000, string? lotCode = null) => new
    {
        batchId,
        gtin = Gtin13,
        lotCode,
        packedOn = "2026-06-04",
        unitCount = units,
        netWeightGrams = grams,
        packaging = "Hộp carton 2 kg",
        productName = "Vải thiều Thanh Hà loại 1",
    };

    [Fact]
    public async Task A_cooperative_packs_a_lot_stamps_it_and_lists_its_stamps()
    {
        var (farm, batchId) = await HarvestedAsync();
        var packed = await farm.Cooperative.PostJson("/api/v1/lots", Lot(batchId));
        var lot = await packed.Expect(HttpStatusCode.Created);
        lot["gtin"]!.GetValue<string>().Should().Be("0" + Gtin13);
        lot["lotCode"]!.GetValue<string>().Should().MatchRegex("^260604-[0-9A-Z]{4}$");
        lot["productName"]!.GetValue<string>().Should().Be("Vải thiều Thanh Hà loại 1");
        lot["digitalLink"]!.GetValue<string>().Should().Be($"https://trace.example.vn/01/0{Gtin13}/10/{lot["lotCode"]}");
        packed.Headers.Location!.ToString().Should().Be($"/api/v1/lots/{lot.Id()}");

        var batch = await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}")).Expect(HttpStatusCode.OK);
        batch["packedKg"]!.GetValue<decimal>().Should().Be(200m);
        batch["lots"]!.GetValue<int>().Should().Be(1);

        var issued = await (await farm.Cooperative.PostJson($"/api/v1/lots/{lot.Id()}/stamps", new { count = 60 })).Expect(HttpStatusCode.Created);
        var serials = issued["serials"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        serials.Should().HaveCount(60).And.OnlyHaveUniqueItems();
        serials.Should().OnlyContain(s => s.Length == 17);
        issued["firstSerial"]!.GetValue<string>().Should().Be(serials[0]);
        issued["digitalLinks"]![0]!.GetValue<string>().Should().Be($"https://trace.example.vn/01/0{Gtin13}/10/{lot["lotCode"]}/21/{serials[0]}");

        var page2 = await (await farm.Household.GetAsync($"/api/v1/lots/{lot.Id()}/stamps?page=2&pageSize=25")).Expect(HttpStatusCode.OK);
        page2["total"]!.GetValue<int>().Should().Be(60);
        page2["items"]!.AsArray().Select(s => s!["serial"]!.GetValue<string>()).Should().Equal(serials.Skip(25).Take(25));
        page2["items"]![0]!["scanCount"]!.GetValue<long>().Should().Be(0);
        await (await farm.Household.GetAsync($"/api/v1/lots/{lot.Id()}/stamps?pageSize=5000")).ExpectFieldErrors("pageSize");
    }

    [Fact]
    public async Task Packing_more_than_the_harvest_left_is_refused_and_lot_codes_are_unique_per_GTIN()
    {
        var (farm, batchId) = await HarvestedAsync();
        await (await farm.Household.PostJson("/api/v1/lots", Lot(batchId, units: 400, grams: 2000, lotCode: "TH-2026-001"))).Expect(HttpStatusCode.Created);
        var tooMuch = await farm.Household.PostJson("/api/v1/lots", Lot(batchId, units: 26, grams: 2000));
        (await tooMuch.ExpectProblem(HttpStatusCode.Conflict, "packed-exceeds-harvest"))["availableGrams"]!.GetValue<long>().Should().Be(50_000);
        await (await farm.Household.PostJson("/api/v1/lots", Lot(batchId, units: 25, grams: 2000))).Expect(HttpStatusCode.Created);

        await (await farm.Household.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = Gtin13,
            packedOn = "2026-06-03",
            unitCount = 1,
            netWeightGrams = 1000,
            productName = "Vải",
        })).ExpectProblem(HttpStatusCode.Conflict, "packed-exceeds-harvest");

        var (other, otherBatch) = await HarvestedAsync();
        await (await other.Household.PostJson("/api/v1/lots", Lot(otherBatch, units: 1, lotCode: "TH-2026-001")))
            .ExpectProblem(HttpStatusCode.Conflict, "lot-code-taken");
    }

    [Theory]
    [InlineData("8931234567898", "gtin")]
    [InlineData("893123456789", "gtin")]
    [InlineData("89312345", "gtin")]
    [InlineData("abc", "gtin")]
    public async Task A_GTIN_with_a_wrong_check_digit_or_length_is_a_400(string gtin, string field)
    {
        var (farm, batchId) = await HarvestedAsync();
        var response = await farm.Household.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin,
            packedOn = "2026-06-04",
            unitCount = 1,
            netWeightGrams = 1000,
            productName = "Vải",
        });
        (await response.ExpectFieldErrors(field))["errors"]![field]![0]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Bad_lot_input_is_a_400_naming_each_field()
    {
        var (farm, batchId) = await HarvestedAsync();
        await (await farm.Household.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = Gtin13,
            lotCode = "Lô 1",
            packedOn = "2026-07-09",
            unitCount = 0,
            netWeightGrams = -1,
            productName = "",
        })).ExpectFieldErrors("lotCode", "packedOn", "unitCount", "netWeightGrams", "productName");
        await (await farm.Household.PostJson("/api/v1/lots", Lot(batchId))).Expect(HttpStatusCode.Created);
        await (await farm.Household.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = Gtin13,
            packedOn = "2026-06-02",
            unitCount = 1,
            netWeightGrams = 1,
            productName = "Vải",
        })).ExpectProblem(HttpStatusCode.Conflict, "packed-before-harvest");
    }

    [Fact]
    public async Task Never_more_stamps_than_units_and_a_voided_stamp_frees_its_unit()
    {
        var (farm, batchId) = await HarvestedAsync();
        var lotId = (await (await farm.Household.PostJson("/api/v1/lots", Lot(batchId, units: 10))).Expect(HttpStatusCode.Created)).Id();
        var serials = (await (await farm.Household.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 10 })).Expect(HttpStatusCode.Created))["serials"]!
            .AsArray().Select(s => s!.GetValue<string>()).ToList();
        (await (await farm.Household.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 1 })).ExpectProblem(HttpStatusCode.Conflict, "stamps-exceed-units"))
            ["available"]!.GetValue<int>().Should().Be(0);

        var voided = await (await farm.Household.PostJson($"/api/v1/stamps/{serials[3]}/void", new { reason = "Nhãn bị rách khi dán" })).Expect(HttpStatusCode.OK);
        voided["voidReason"]!.GetValue<string>().Should().Be("Nhãn bị rách khi dán");
        voided["voidedAt"].Should().NotBeNull();
        await (await farm.Household.PostJson($"/api/v1/stamps/{serials[3]}/void", new { reason = "again" })).ExpectProblem(HttpStatusCode.Conflict, "stamp-voided");
        await (await farm.Household.PostJson($"/api/v1/stamps/{serials[4]}/void", new { })).ExpectFieldErrors("reason");
        await (await farm.Household.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 1 })).Expect(HttpStatusCode.Created);

        var lot = await (await farm.Household.GetAsync($"/api/v1/lots/{lotId}")).Expect(HttpStatusCode.OK);
        lot["stampsIssued"]!.GetValue<int>().Should().Be(11);
        lot["stampsVoided"]!.GetValue<int>().Should().Be(1);
        await (await farm.Household.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 10_001 })).ExpectFieldErrors("count");
        await (await farm.Household.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 0 })).ExpectFieldErrors("count");
    }

    [Fact]
    public async Task Ten_thousand_stamps_are_issued_in_one_request_all_unique()
    {
        var (farm, batchId) = await HarvestedAsync();
        var lotId = (await (await farm.Cooperative.PostJson("/api/v1/lots", Lot(batchId, units: 10_000, grams: 50))).Expect(HttpStatusCode.Created)).Id();
        var clock = Stopwatch.StartNew();
        var issued = await (await farm.Cooperative.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 10_000 })).Expect(HttpStatusCode.Created);
        issued["count"]!.GetValue<int>().Should().Be(10_000);
        issued["serials"]!.AsArray().Should().HaveCount(1000, "the answer lists the first 1,000");
        var last = await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/stamps?page=10&pageSize=1000")).Expect(HttpStatusCode.OK);
        last["items"]!.AsArray().Should().HaveCount(1000);
        last["items"]![999]!["sequence"]!.GetValue<int>().Should().Be(10_000);
        Console.WriteLine($"10,000 stamps issued and read back in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Another_cooperative_cannot_pack_stamp_void_or_print_this_lot()
    {
        var (farm, batchId) = await HarvestedAsync();
        var other = await app.FarmAsync();
        await (await other.Cooperative.PostJson("/api/v1/lots", Lot(batchId))).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var lotId = (await (await farm.Cooperative.PostJson("/api/v1/lots", Lot(batchId))).Expect(HttpStatusCode.Created)).Id();
        var serial = (await (await farm.Cooperative.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 2 })).Expect(HttpStatusCode.Created))["firstSerial"]!.GetValue<string>();

        await (await other.Cooperative.GetAsync($"/api/v1/lots/{lotId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 1 })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.GetAsync($"/api/v1/lots/{lotId}/stamps")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Household.PostJson($"/api/v1/stamps/{serial}/void", new { reason = "x" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Household.GetAsync($"/api/v1/stamps/{serial}/qr.png")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var own = await farm.Household.GetAsync($"/api/v1/stamps/{serial}/qr.png");
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        own.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
    }
}
