using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HaiDuong.Agri.IntegrationTests.Regions;

public sealed class ShippedRegisterTests(ShippedRegisterApp app) : IClassFixture<ShippedRegisterApp>
{
    private const string ThanhHa = "10813";

    private async Task<HttpClient> CooperativeKeyAsync()
    {
        var cooperativeId = (await (await app.Admin().PostJson("/api/v1/cooperatives", new { name = "HTX Vải thiều Thanh Hà", provinceCode = "31", communeCode = ThanhHa }))
            .Expect(HttpStatusCode.Created)).Id();
        return app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX" }));
    }

    [Fact]
    public async Task Hai_Phong_s_register_is_loaded_at_start_and_any_key_reads_it()
    {
        var cooperative = await CooperativeKeyAsync();

        var response = await cooperative.GetAsync("/api/v1/regions/31");
        var region = await response.Expect(HttpStatusCode.OK);
        region["provinceCode"]!.GetValue<string>().Should().Be("31");
        region["name"]!.GetValue<string>().Should().Be("Thành phố Hải Phòng");
        region["communes"]!.GetValue<int>().Should().Be(114);
        region["activeCommunes"]!.GetValue<int>().Should().Be(114);
        region["source"]!.GetValue<string>().Should().Contain("1027/CTK-CSCL").And.Contain("1669/NQ-UBTVQH15");
        (await cooperative.Send(HttpMethod.Get, "/api/v1/regions/31", null, ("If-None-Match", response.ETag()))).StatusCode.Should().Be(HttpStatusCode.NotModified);

        var communes = await (await cooperative.GetAsync("/api/v1/regions/31/communes")).Expect(HttpStatusCode.OK);
        communes["provinceName"]!.GetValue<string>().Should().Be("Thành phố Hải Phòng");
        var items = communes["items"]!.AsArray();
        items.Should().HaveCount(114);
        var thanhHa = items.Single(i => i!["code"]!.GetValue<string>() == ThanhHa)!;
        (thanhHa["name"]!.GetValue<string>(), thanhHa["kind"]!.GetValue<string>()).Should().Be(("Xã Thanh Hà", "commune"));
        items.Single(i => i!["code"]!.GetValue<string>() == "11914")!["kind"]!.GetValue<string>().Should().Be("special-zone");
        items.Count(i => i!["kind"]!.GetValue<string>() == "ward").Should().Be(45);

        var ward = await (await app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }))
            .GetAsync("/api/v1/regions/31/communes/10507")).Expect(HttpStatusCode.OK);
        (ward["name"]!.GetValue<string>(), ward["kind"]!.GetValue<string>(), ward["provinceName"]!.GetValue<string>())
            .Should().Be(("Phường Thành Đông", "ward", "Thành phố Hải Phòng"));

        await (await cooperative.GetAsync("/api/v1/regions/33")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await cooperative.GetAsync("/api/v1/regions/hai-phong/communes")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await cooperative.GetAsync("/api/v1/regions/31/communes/11059")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await app.Anonymous().GetAsync("/api/v1/regions/31")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_commune_not_in_the_register_is_a_400_naming_communeCode_and_a_province_without_one_takes_codes_as_given()
    {
        // 11059 is the test suite's old made-up code: not one of Hải Phòng's 114 units.
        var refused = await (await app.Admin().PostJson("/api/v1/cooperatives", new { name = "HTX", provinceCode = "31", communeCode = "11059" }))
            .ExpectFieldErrors("communeCode");
        refused["type"]!.GetValue<string>().Should().Be("urn:haiduong-agri:problem:validation");
        refused["errors"]!["communeCode"]![0]!.GetValue<string>().Should().Contain("11059").And.Contain("/api/v1/regions/31/communes");
        await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ An", phone = "0912345678", provinceCode = "31", communeCode = "11059" }))
            .ExpectFieldErrors("communeCode");

        var created = await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ An", phone = "0912345678", provinceCode = "31", communeCode = ThanhHa }))
            .Expect(HttpStatusCode.Created);
        (created["communeName"]!.GetValue<string>(), created["provinceName"]!.GetValue<string>()).Should().Be(("Xã Thanh Hà", "Thành phố Hải Phòng"));
        var householdId = created.Id();
        var view = await (await app.Admin().GetAsync($"/api/v1/households/{householdId}")).Expect(HttpStatusCode.OK);
        (view["communeCode"]!.GetValue<string>(), view["communeName"]!.GetValue<string>()).Should().Be((ThanhHa, "Xã Thanh Hà"));

        // A growing area lies in its household's province: the same register decides.
        await (await app.Admin().PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn", crop = "vải thiều", areaM2 = 100, communeCode = "11059" }))
            .ExpectFieldErrors("communeCode");
        await (await app.Admin().PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn", crop = "vải thiều", areaM2 = 100, communeCode = "10846" }))
            .Expect(HttpStatusCode.Created);

        // Province 33 has no register loaded: codes are taken as given, as before registers existed, and have no names.
        var elsewhere = await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ Bình", phone = "0912345678", provinceCode = "33", communeCode = "11059" }))
            .Expect(HttpStatusCode.Created);
        elsewhere["communeName"].Should().BeNull();
        elsewhere["provinceName"].Should().BeNull();
    }

    [Fact]
    public async Task Starting_again_leaves_a_loaded_register_and_its_edits_alone()
    {
        var renamed = await (await app.Admin().PostJson("/api/v1/regions/31/communes/11948/name", new { name = "Đặc khu Bạch Long Vĩ (đảo)" }))
            .Expect(HttpStatusCode.OK);
        renamed["name"]!.GetValue<string>().Should().Be("Đặc khu Bạch Long Vĩ (đảo)");

        foreach (var loader in app.Services.GetServices<IHostedService>().OfType<ShippedRegisterLoader>())
        {
            await loader.StartAsync(CancellationToken.None);
        }

        var after = await (await app.Admin().GetAsync("/api/v1/regions/31/communes/11948")).Expect(HttpStatusCode.OK);
        after["name"]!.GetValue<string>().Should().Be("Đặc khu Bạch Long Vĩ (đảo)");
        after["version"]!.GetValue<long>().Should().Be(renamed["version"]!.GetValue<long>());
    }
}
