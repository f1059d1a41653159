using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Registry;

public sealed class RegistryTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task A_cooperative_registers_its_members_and_sees_only_them()
    {
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();

        var member = await farm.Cooperative.PostJson("/api/v1/households", new
        {
            name = "Trần Thị Bình",
            phone = "+84 912 345 679",
            provinceCode = "31",
            communeCode = "11059",
        });
        var created = await member.Expect(HttpStatusCode.Created);
        created["cooperativeId"]!.GetValue<string>().Should().Be(farm.CooperativeId);
        created["name"]!.GetValue<string>().Should().Be("Trần Thị Bình");
        member.Headers.Location!.ToString().Should().Be($"/api/v1/households/{created.Id()}");
        member.ETag().Should().Be("\"1\"");

        await (await farm.Cooperative.GetAsync($"/api/v1/households/{created.Id()}")).Expect(HttpStatusCode.OK);
        await (await other.Cooperative.GetAsync($"/api/v1/households/{created.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Household.GetAsync($"/api/v1/households/{created.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}")).Expect(HttpStatusCode.OK);

        await (await farm.Cooperative.PostJson("/api/v1/households", new
        {
            name = "Lê Văn C",
            phone = "0912345670",
            provinceCode = "31",
            communeCode = "11059",
            cooperativeId = other.CooperativeId,
        })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await farm.Cooperative.GetAsync($"/api/v1/cooperatives/{farm.CooperativeId}")).Expect(HttpStatusCode.OK);
        await (await farm.Cooperative.GetAsync($"/api/v1/cooperatives/{other.CooperativeId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Cooperative.PostJson("/api/v1/cooperatives", new { name = "X", provinceCode = "31", communeCode = "1" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await farm.Household.PostJson("/api/v1/households", new { name = "X", phone = "0912345678", provinceCode = "31", communeCode = "1" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Names_are_stored_NFC_normalised_and_trimmed()
    {
        var decomposed = "  Nguye\u0302\u0303n Va\u0306n An  ";
        var created = await (await app.Admin().PostJson("/api/v1/households", new
        {
            name = decomposed,
            phone = "0912345678",
            provinceCode = "31",
            communeCode = "11059",
        })).Expect(HttpStatusCode.Created);
        created["name"]!.GetValue<string>().Should().Be("Nguyễn Văn An");
        var read = await (await app.Admin().GetAsync($"/api/v1/households/{created.Id()}")).Expect(HttpStatusCode.OK);
        read["name"]!.GetValue<string>().Should().Be("Nguyễn Văn An");
    }

    [Fact]
    public async Task A_household_registers_its_own_growing_areas_only()
    {
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();
        var area = new { householdId = farm.HouseholdId, name = "Vườn dưới", crop = "vải thiều", areaM2 = 1200.5, communeCode = "11059", areaCode = "VN-HDTH-0099" };
        var created = await (await farm.Household.PostJson("/api/v1/growing-areas", area)).Expect(HttpStatusCode.Created);
        created["cooperativeId"]!.GetValue<string>().Should().Be(farm.CooperativeId);
        created["areaCode"]!.GetValue<string>().Should().Be("VN-HDTH-0099");

        await (await other.Household.PostJson("/api/v1/growing-areas", area)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.PostJson("/api/v1/growing-areas", area)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Cooperative.PostJson("/api/v1/growing-areas", area)).Expect(HttpStatusCode.Created);
        await (await farm.Household.GetAsync($"/api/v1/growing-areas/{created.Id()}")).Expect(HttpStatusCode.OK);
        await (await other.Household.GetAsync($"/api/v1/growing-areas/{created.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("/api/v1/cooperatives", """{"provinceCode":"31","communeCode":"11059"}""", "name")]
    [InlineData("/api/v1/cooperatives", """{"name":"HTX","provinceCode":"Hải Dương","communeCode":"11059"}""", "provinceCode")]
    [InlineData("/api/v1/cooperatives", """{"name":"HTX","provinceCode":"31","communeCode":""}""", "communeCode")]
    [InlineData("/api/v1/cooperatives", """{"name":"HTX","provinceCode":"31","communeCode":"11059","phone":"abc"}""", "phone")]
    [InlineData("/api/v1/households", """{"name":"An","phone":"12","provinceCode":"31","communeCode":"11059"}""", "phone")]
    [InlineData("/api/v1/households", """{"name":"An","provinceCode":"31","communeCode":"11059"}""", "phone")]
    [InlineData("/api/v1/households", """{"name":"An","phone":"0912345678","provinceCode":"31","communeCode":"11059","cooperativeId":"00000000-0000-0000-0000-000000000001"}""", "cooperativeId")]
    [InlineData("/api/v1/growing-areas", """{"name":"V","crop":"vải","areaM2":10,"communeCode":"1"}""", "householdId")]
    [InlineData("/api/v1/growing-areas", """{"householdId":"00000000-0000-0000-0000-000000000001","name":"V","crop":"vải","areaM2":-1,"communeCode":"1"}""", "areaM2")]
    [InlineData("/api/v1/growing-areas", """{"householdId":"00000000-0000-0000-0000-000000000001","name":"V","crop":"vải","areaM2":1,"communeCode":"1","latitude":91}""", "latitude")]
    public async Task Bad_registry_input_is_refused_naming_the_field(string path, string body, string field)
    {
        var response = await app.Admin().Send(HttpMethod.Post, path, body);
        var problem = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().BeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.NotFound], problem);
        problem.Should().Contain($"\"{field}\"");
    }

    [Fact]
    public async Task A_name_longer_than_the_limit_is_refused()
    {
        await (await app.Admin().PostJson("/api/v1/cooperatives", new { name = new string('a', 201), provinceCode = "31", communeCode = "1" }))
            .ExpectFieldErrors("name");
    }
}
