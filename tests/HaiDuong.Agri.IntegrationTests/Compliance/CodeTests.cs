using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Compliance;

/// <summary>Growing-area and packing-house codes: registration, their standing per market, and what packing a lot for a market needs.</summary>
public sealed class CodeTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static int number;

    internal static string Next() => Interlocked.Increment(ref number).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<HttpClient> AuditorAsync(AgriApp app)
    {
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Chi cục Trồng trọt và BVTV" })).Expect(HttpStatusCode.Created)).Id();
        return app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "inspector" }));
    }

    /// <summary>A harvested batch (850 kg on 2026-06-03, a pesticide on 2026-04-20) of the farm's area.</summary>
    private static async Task<string> HarvestedBatchAsync(Farm farm)
    {
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "pesticide",
            productName = "Emamectin 5WG",
            activeIngredient = "Emamectin benzoate",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-04-20",
            preHarvestIntervalDays = 7,
            @operator = "Nguyễn Văn An",
            reason = "Phòng sâu đục cuống",
        })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850 })).Expect(HttpStatusCode.OK);
        return batchId;
    }

    internal static Task<HttpResponseMessage> PackAsync(Farm farm, string batchId, string? market, string packedOn = "2026-06-04") =>
        farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn,
            unitCount = 10,
            netWeightGrams = 2000,
            productName = "Vải thiều Thanh Hà loại 1",
            market,
        });

    /// <summary>A farm whose area and cooperative hold codes, each approved for China on 2026-05-01.</summary>
    internal static async Task<(Farm Farm, HttpClient Auditor, string AreaCodeId, string AreaCode, string HouseCodeId, string HouseCode)> CodedFarmAsync(AgriApp app)
    {
        var farm = await app.FarmAsync();
        var auditor = await AuditorAsync(app);
        var areaCode = $"VN-HDOR-{Next()}";
        var houseCode = $"VN-HDPH-{Next()}";
        var area = await (await farm.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = areaCode, kind = "growing-area", issuingAuthority = "Cục Bảo vệ thực vật" }))
            .Expect(HttpStatusCode.Created);
        var house = await (await farm.Cooperative.PostJson($"/api/v1/cooperatives/{farm.CooperativeId}/codes", new { code = houseCode, issuingAuthority = "Cục Bảo vệ thực vật" }))
            .Expect(HttpStatusCode.Created);
        foreach (var id in new[] { area.Id(), house.Id() })
        {
            await (await auditor.PostJson($"/api/v1/codes/{id}/markets/china/approval", new { on = "2026-05-01" })).Expect(HttpStatusCode.OK);
        }

        return (farm, auditor, area.Id(), areaCode, house.Id(), houseCode);
    }

    [Fact]
    public async Task A_code_is_registered_as_issued_with_a_warning_when_it_does_not_follow_the_known_pattern()
    {
        var farm = await app.FarmAsync();
        var known = await (await farm.Cooperative.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = $"VN-HDOR-{Next()}", issuingAuthority = "Cục Bảo vệ thực vật" }))
            .Expect(HttpStatusCode.Created);
        known["warnings"]!.AsArray().Should().BeEmpty();
        known["kind"]!.GetValue<string>().Should().Be("growing-area");
        known["issuingAuthority"]!.GetValue<string>().Should().Be("Cục Bảo vệ thực vật");
        known["registeredBy"]!["role"]!.GetValue<string>().Should().Be("cooperative");

        var odd = await (await farm.Cooperative.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = $"HD-{Next()}/VT" })).Expect(HttpStatusCode.Created);
        odd["warnings"]!.AsArray().Should().ContainSingle().Which!.GetValue<string>().Should().Contain("known pattern");

        var swapped = await (await farm.Cooperative.PostJson($"/api/v1/cooperatives/{farm.CooperativeId}/codes", new { code = $"VN-HDOR-{Next()}" })).Expect(HttpStatusCode.Created);
        swapped["warnings"]![0]!.GetValue<string>().Should().Contain("growing-area code");

        var list = await (await farm.Household.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes")).Expect(HttpStatusCode.OK);
        list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(known.Id(), odd.Id());
    }

    [Fact]
    public async Task A_code_held_by_another_area_is_refused_and_the_same_area_gets_it_back()
    {
        var first = await app.FarmAsync();
        var second = await app.FarmAsync();
        var code = $"VN-HDOR-{Next()}";
        var registered = await (await first.Household.PostJson($"/api/v1/growing-areas/{first.GrowingAreaId}/codes", new { code })).Expect(HttpStatusCode.Created);

        var again = await (await first.Cooperative.PostJson($"/api/v1/growing-areas/{first.GrowingAreaId}/codes", new { code = code.ToLowerInvariant() })).Expect(HttpStatusCode.OK);
        again.Id().Should().Be(registered.Id());

        var problem = await (await second.Household.PostJson($"/api/v1/growing-areas/{second.GrowingAreaId}/codes", new { code })).ExpectProblem(HttpStatusCode.Conflict, "code-held-elsewhere");
        problem["detail"]!.GetValue<string>().Should().Contain(code);
        await (await second.Cooperative.PostJson($"/api/v1/cooperatives/{second.CooperativeId}/codes", new { code })).ExpectProblem(HttpStatusCode.Conflict, "code-held-elsewhere");
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_other_owners_see_nothing()
    {
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();
        await (await farm.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = "" })).ExpectFieldErrors("code");
        await (await farm.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = "VN-HDOR-0001", kind = "packing-house" })).ExpectFieldErrors("kind");
        await (await other.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = $"VN-HDOR-{Next()}" })).Expect(HttpStatusCode.NotFound);
        await (await other.Cooperative.PostJson($"/api/v1/cooperatives/{farm.CooperativeId}/codes", new { code = $"VN-HDPH-{Next()}" })).Expect(HttpStatusCode.NotFound);

        var code = await (await farm.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = $"VN-HDOR-{Next()}" })).Expect(HttpStatusCode.Created);
        await (await other.Household.GetAsync($"/api/v1/codes/{code.Id()}")).Expect(HttpStatusCode.NotFound);
        var auditor = await AuditorAsync(app);
        await (await auditor.PostJson($"/api/v1/codes/{code.Id()}/markets/mars/approval", new { on = "2026-05-01" })).Expect(HttpStatusCode.NotFound);
        await (await auditor.PostJson($"/api/v1/codes/{code.Id()}/markets/CN/suspension", new { on = "2026-05-01" })).ExpectFieldErrors("reason");
        await (await farm.Cooperative.PostJson($"/api/v1/codes/{code.Id()}/markets/CN/approval", new { on = "2026-05-01" })).Expect(HttpStatusCode.Forbidden);
        await (await PackAsync(farm, Guid.NewGuid().ToString(), "mars")).ExpectFieldErrors("market");
    }

    [Fact]
    public async Task Approval_suspension_and_reinstatement_per_market_decide_whether_a_lot_may_be_packed_for_it()
    {
        var (farm, auditor, areaCodeId, areaCode, houseCodeId, houseCode) = await CodedFarmAsync(app);
        var batchId = await HarvestedBatchAsync(farm);

        // Approved for China: the lot carries both codes.
        var lot = await (await PackAsync(farm, batchId, "china")).Expect(HttpStatusCode.Created);
        lot["market"]!.GetValue<string>().Should().Be("china");
        lot["growingAreaCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(areaCode);
        lot["packingHouseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(houseCode);

        // Never approved for Japan: refused, naming both codes.
        var japan = await (await PackAsync(farm, batchId, "JP")).ExpectProblem(HttpStatusCode.Conflict, "export-code-not-approved");
        japan["detail"]!.GetValue<string>().Should().Contain(areaCode).And.Contain(houseCode).And.Contain("japan");

        // The domestic market needs no approval.
        await (await PackAsync(farm, batchId, "domestic")).Expect(HttpStatusCode.Created);

        // China suspends the growing-area code from 2026-06-10: packing on that day is refused, the day before is not.
        var suspended = await (await auditor.PostJson($"/api/v1/codes/{areaCodeId}/markets/CN/suspension", new { on = "2026-06-10", reason = "Mã bị mượn: lô hàng bị trả về" }))
            .Expect(HttpStatusCode.OK);
        suspended["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()).Should().Equal("approval", "suspension");
        suspended["history"]![1]!["by"]!["role"]!.GetValue<string>().Should().Be("auditor");
        await (await PackAsync(farm, batchId, "china", "2026-06-09")).Expect(HttpStatusCode.Created);
        var refused = await (await PackAsync(farm, batchId, "china", "2026-06-10")).ExpectProblem(HttpStatusCode.Conflict, "export-code-not-approved");
        refused["detail"]!.GetValue<string>().Should().Contain($"growing area code {areaCode} is suspended for china");
        refused["detail"]!.GetValue<string>().Should().NotContain(houseCode);

        // Suspending again or approving is refused; reinstating from 2026-06-20 allows packing from that day on.
        await (await auditor.PostJson($"/api/v1/codes/{areaCodeId}/markets/china/suspension", new { on = "2026-06-12", reason = "lần nữa" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-already-suspended");
        await (await auditor.PostJson($"/api/v1/codes/{areaCodeId}/markets/china/approval", new { on = "2026-06-12" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-already-suspended");
        await (await auditor.PostJson($"/api/v1/codes/{areaCodeId}/markets/china/reinstatement", new { on = "2026-06-01" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-change-out-of-order");
        await (await auditor.PostJson($"/api/v1/codes/{areaCodeId}/markets/china/reinstatement", new { on = "2026-06-20", reason = "Đã khắc phục" }))
            .Expect(HttpStatusCode.OK);
        await (await PackAsync(farm, batchId, "china", "2026-06-19")).ExpectProblem(HttpStatusCode.Conflict, "export-code-not-approved");
        await (await PackAsync(farm, batchId, "china", "2026-06-20")).Expect(HttpStatusCode.Created);

        var code = await (await farm.Household.GetAsync($"/api/v1/codes/{areaCodeId}")).Expect(HttpStatusCode.OK);
        code["markets"]!.AsArray().Should().ContainSingle();
        code["markets"]![0]!["market"]!.GetValue<string>().Should().Be("china");
        code["markets"]![0]!["status"]!.GetValue<string>().Should().Be("approved");
        code["history"]!.AsArray().Select(h => h!["on"]!.GetValue<string>()).Should().Equal("2026-05-01", "2026-06-10", "2026-06-20");

        // Only suspended codes are reinstated, only approved ones suspended.
        await (await auditor.PostJson($"/api/v1/codes/{houseCodeId}/markets/china/reinstatement", new { on = "2026-06-20" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-not-suspended");
        await (await auditor.PostJson($"/api/v1/codes/{houseCodeId}/markets/eu/suspension", new { on = "2026-06-20", reason = "x" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-not-approved");
        await (await app.Admin().PostJson($"/api/v1/codes/{houseCodeId}/markets/china/approval", new { on = "2026-06-20" }))
            .ExpectProblem(HttpStatusCode.Conflict, "market-already-approved");
    }

    [Fact]
    public async Task A_lot_packed_for_a_market_carries_its_codes_into_the_trace_page_epcis_and_the_fsma_204_sheet()
    {
        var (farm, _, _, areaCode, _, houseCode) = await CodedFarmAsync(app);
        var batchId = await HarvestedBatchAsync(farm);
        var lot = await (await PackAsync(farm, batchId, "china")).Expect(HttpStatusCode.Created);
        var lotPath = $"/01/08931234567897/10/{Uri.EscapeDataString(lot["lotCode"]!.GetValue<string>())}";

        var json = await (await TraceSeed.Get(app.Anonymous(), lotPath, "application/json")).Expect(HttpStatusCode.OK);
        json["growingArea"]!["areaCode"]!.GetValue<string>().Should().Be(areaCode);
        json["packingHouseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(houseCode);
        json["market"]!.GetValue<string>().Should().Be("china");

        var html = await (await TraceSeed.Get(app.Anonymous(), lotPath)).Content.ReadAsStringAsync();
        System.Net.WebUtility.HtmlDecode(html).Should().Contain("Mã số cơ sở đóng gói").And.Contain(houseCode).And.Contain(areaCode);

        var epcis = (await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lot.Id()}/epcis")).Expect(HttpStatusCode.OK)).ToJsonString();
        epcis.Should().Contain("\"agri:growingAreaCodes\":[\"" + areaCode + "\"]").And.Contain("\"agri:packingHouseCodes\":[\"" + houseCode + "\"]");
        epcis.Should().Contain("growingAreaCode\",\"attribute\":\"" + areaCode).And.Contain("packingHouseCode\",\"attribute\":\"" + houseCode);

        var csv = await (await farm.Cooperative.GetAsync("/api/v1/exports/fsma204.csv?from=2026-06-01&to=2026-06-30")).Content.ReadAsStringAsync();
        csv.Should().Contain($"({houseCode})").And.Contain($"({areaCode})");
    }
}
