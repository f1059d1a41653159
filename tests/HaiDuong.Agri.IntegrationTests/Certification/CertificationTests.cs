using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Certification;

public sealed class CertificationTests(AgriApp app) : IClassFixture<AgriApp>
{
    private sealed record Body(string Id, HttpClient Auditor);

    private async Task<Body> BodyAsync(string name = "Trung tâm Chứng nhận VietGAP")
    {
        var id = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name, accreditationNumber = "VICB-012" }))
            .Expect(HttpStatusCode.Created)).Id();
        return new Body(id, app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = id, label = "Auditor Phạm Thị Hoa" })));
    }

    private async Task<JsonArray> ControlPointsAsync(string scheme) =>
        (await (await app.Admin().GetAsync($"/api/v1/certification/schemes/{scheme}/checklist")).Expect(HttpStatusCode.OK))["controlPoints"]!.AsArray();

    /// <summary>Answers for every control point: compliant, except the ids named failing.</summary>
    private async Task<List<object>> AnswersAsync(string scheme, params string[] failing) =>
        [.. (await ControlPointsAsync(scheme)).Select(p => p!["id"]!.GetValue<string>())
            .Select(id => (object)new { controlPointId = id, compliant = !failing.Contains(id) })];

    private static Task<HttpResponseMessage> Inspect(HttpClient auditor, string scheme, IEnumerable<string> areas, object results, string inspectedOn = "2026-01-10") =>
        auditor.PostJson("/api/v1/certification/inspections", new { scheme, growingAreaIds = areas, inspectedOn, results });

    private async Task<(JsonNode Certificate, string InspectionId)> CertifyAsync(Body body, string areaId, string scheme = "vietgap", string number = "VG-0001")
    {
        var inspection = await (await Inspect(body.Auditor, scheme, [areaId], await AnswersAsync(scheme))).Expect(HttpStatusCode.Created);
        inspection["passed"]!.GetValue<bool>().Should().BeTrue();
        var certificate = await (await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme,
            inspectionId = inspection.Id(),
            certificateNumber = number,
            issuedOn = "2026-01-15",
            validUntil = scheme == "vietgap" ? "2028-01-14" : "2027-01-14",
        })).Expect(HttpStatusCode.Created);
        return (certificate, inspection.Id());
    }

    [Fact]
    public async Task Checklists_are_served_for_both_schemes_to_any_role()
    {
        var farm = await app.FarmAsync();
        var vietgap = await (await farm.Household.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK);
        vietgap["scheme"]!.GetValue<string>().Should().Be("vietgap");
        vietgap["version"]!.GetValue<string>().Should().Contain("11892");
        vietgap["controlPoints"]!.AsArray().Should().OnlyContain(p => p!["level"]!.GetValue<string>() != "minor");
        var globalgap = await (await farm.Cooperative.GetAsync("/api/v1/certification/schemes/globalgap/checklist")).Expect(HttpStatusCode.OK);
        globalgap["counts"]!["minor"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(20);
        await (await farm.Household.GetAsync("/api/v1/certification/schemes/organic/checklist")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await app.Anonymous().GetAsync("/api/v1/certification/schemes/vietgap/checklist")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_batch_harvested_inside_a_certificates_validity_claims_it_and_a_suspension_stops_only_later_harvests()
    {
        var body = await BodyAsync();
        var farm = await app.FarmAsync();
        var (certificate, _) = await CertifyAsync(body, farm.GrowingAreaId);
        certificate["status"]!.GetValue<string>().Should().Be("valid");

        var early = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{early}/harvests", new { harvestedOn = "2026-06-05", quantityKg = 500 })).Expect(HttpStatusCode.OK);
        var late = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var lateHarvest = await (await farm.Household.PostJson($"/api/v1/batches/{late}/harvests", new { harvestedOn = "2026-06-12", quantityKg = 300 }))
            .Expect(HttpStatusCode.OK);
        var claim = lateHarvest["certificationClaims"]!.AsArray().Should().ContainSingle().Subject!;
        claim["scheme"]!.GetValue<string>().Should().Be("vietgap");
        claim["certificateNumber"]!.GetValue<string>().Should().Be("VG-0001");
        claim["validUntil"]!.GetValue<string>().Should().Be("2028-01-14");

        var suspended = await (await body.Auditor.PostJson($"/api/v1/certificates/{certificate.Id()}/suspension", new { reason = "Dư lượng thuốc BVTV vượt MRL", from = "2026-06-10" }))
            .Expect(HttpStatusCode.OK);
        suspended["status"]!.GetValue<string>().Should().Be("suspended");

        (await (await farm.Household.GetAsync($"/api/v1/batches/{early}")).Expect(HttpStatusCode.OK))["certificationClaims"]!.AsArray()
            .Should().ContainSingle("a suspension after the harvest does not rewrite its claim");
        (await (await farm.Household.GetAsync($"/api/v1/batches/{late}")).Expect(HttpStatusCode.OK))["certificationClaims"]!.AsArray()
            .Should().BeEmpty("the harvest fell inside the suspension");

        var reinstated = await (await body.Auditor.PostJson($"/api/v1/certificates/{certificate.Id()}/reinstatement", new { on = "2026-06-20" }))
            .Expect(HttpStatusCode.OK);
        reinstated["status"]!.GetValue<string>().Should().Be("valid");
        var list = await (await farm.Household.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/certificates")).Expect(HttpStatusCode.OK);
        list["items"]!.AsArray().Should().ContainSingle().Which!["suspensions"]![0]!["until"]!.GetValue<string>().Should().Be("2026-06-20");
    }

    [Fact]
    public async Task A_failed_inspection_reports_its_percentages_and_failed_points_and_gives_no_certificate()
    {
        var body = await BodyAsync();
        var farm = await app.FarmAsync();
        var points = await ControlPointsAsync("globalgap");
        var minors = points.Where(p => p!["level"]!.GetValue<string>() == "minor").Select(p => p!["id"]!.GetValue<string>()).ToList();
        var tooMany = minors.Take((minors.Count / 20) + 1).ToArray(); // just over 5 % of the minor musts fail
        var inspection = await (await Inspect(body.Auditor, "globalgap", [farm.GrowingAreaId], await AnswersAsync("globalgap", tooMany)))
            .Expect(HttpStatusCode.Created);
        inspection["passed"]!.GetValue<bool>().Should().BeFalse();
        inspection["majorCompliancePercent"]!.GetValue<decimal>().Should().Be(100m);
        inspection["minorCompliancePercent"]!.GetValue<decimal>().Should().BeLessThan(95m);
        inspection["failedControlPoints"]!.AsArray().Select(p => p!.GetValue<string>()).Should().BeEquivalentTo(tooMany);

        await (await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "globalgap",
            inspectionId = inspection.Id(),
            certificateNumber = "GG-1",
            issuedOn = "2026-01-15",
            validUntil = "2027-01-14",
        })).ExpectProblem(HttpStatusCode.Conflict, "inspection-not-passed");
    }

    [Fact]
    public async Task Certificates_are_refused_beyond_the_schemes_maximum_validity_and_twice_from_one_inspection()
    {
        var body = await BodyAsync();
        var farm = await app.FarmAsync();
        var inspection = await (await Inspect(body.Auditor, "globalgap", [farm.GrowingAreaId], await AnswersAsync("globalgap"))).Expect(HttpStatusCode.Created);
        var tooLong = await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "globalgap",
            inspectionId = inspection.Id(),
            certificateNumber = "GG-2",
            issuedOn = "2026-01-15",
            validUntil = "2027-01-16",
        });
        (await tooLong.ExpectProblem(HttpStatusCode.Conflict, "validity-exceeds-maximum"))["latestValidUntil"]!.GetValue<string>().Should().Be("2027-01-15");

        var request = new { scheme = "globalgap", inspectionId = inspection.Id(), certificateNumber = "GG-2", issuedOn = "2026-01-15", validUntil = "2027-01-15" };
        await (await body.Auditor.PostJson("/api/v1/certificates", request)).Expect(HttpStatusCode.Created);
        await (await body.Auditor.PostJson("/api/v1/certificates", request with { certificateNumber = "GG-3" }))
            .ExpectProblem(HttpStatusCode.Conflict, "inspection-already-certified");
        var viewed = await (await body.Auditor.GetAsync($"/api/v1/certification/inspections/{inspection.Id()}")).Expect(HttpStatusCode.OK);
        viewed["certificateId"].Should().NotBeNull();
    }

    [Fact]
    public async Task Only_auditors_of_the_inspecting_body_issue_and_suspend_and_owners_read_only_their_own_areas()
    {
        var body = await BodyAsync();
        var rival = await BodyAsync("Công ty Chứng nhận Khác");
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();
        var answers = await AnswersAsync("vietgap");

        await (await Inspect(farm.Household, "vietgap", [farm.GrowingAreaId], answers)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await Inspect(app.Admin(), "vietgap", [farm.GrowingAreaId], answers)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var inspection = await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], answers)).Expect(HttpStatusCode.Created);
        await (await rival.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = inspection.Id(),
            certificateNumber = "X-1",
            issuedOn = "2026-01-15",
            validUntil = "2027-01-14",
        })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await rival.Auditor.GetAsync($"/api/v1/certification/inspections/{inspection.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var (certificate, _) = await CertifyAsync(body, farm.GrowingAreaId, number: "VG-0002");
        await (await rival.Auditor.PostJson($"/api/v1/certificates/{certificate.Id()}/suspension", new { reason = "x", from = "2026-02-01" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Household.PostJson($"/api/v1/certificates/{certificate.Id()}/suspension", new { reason = "x", from = "2026-02-01" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await farm.Household.GetAsync($"/api/v1/certificates/{certificate.Id()}")).Expect(HttpStatusCode.OK);
        await (await farm.Cooperative.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/certificates")).Expect(HttpStatusCode.OK);
        await (await other.Household.GetAsync($"/api/v1/certificates/{certificate.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/certificates")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await rival.Auditor.GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/certificates")).Expect(HttpStatusCode.OK);
        await (await rival.Auditor.GetAsync($"/api/v1/certificates/{certificate.Id()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await body.Auditor.GetAsync($"/api/v1/certificates/{certificate.Id()}")).Expect(HttpStatusCode.OK);

        await (await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = (await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], answers)).Expect(HttpStatusCode.Created)).Id(),
            certificateNumber = "VG-0002",
            issuedOn = "2026-01-15",
            validUntil = "2027-01-14",
        })).ExpectProblem(HttpStatusCode.Conflict, "certificate-number-taken");
    }

    [Fact]
    public async Task An_inspection_of_several_farms_shows_each_household_and_cooperative_only_its_own_areas()
    {
        var body = await BodyAsync("Trung tâm Chứng nhận nhóm hộ");
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();
        var neighbourId = await app.HouseholdAsync(farm.CooperativeId, "Lê Văn Cường");
        var neighbour = app.As(await app.KeyAsync(new { role = "household", householdId = neighbourId, label = "neighbour" }));
        var neighbourArea = await app.GrowingAreaAsync(neighbourId);
        string[] all = [farm.GrowingAreaId, neighbourArea, other.GrowingAreaId];
        var (certificate, inspectionId) = await CertifyAsync(body, farm.GrowingAreaId, number: "VG-GROUP-1");
        var group = await (await Inspect(body.Auditor, "vietgap", all, await AnswersAsync("vietgap"))).Expect(HttpStatusCode.Created);
        group["growingAreaIds"]!.AsArray().Select(a => a!.GetValue<string>()).Should().BeEquivalentTo(all, "the auditor sees every area it inspected");
        var groupCertificate = await (await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = group.Id(),
            certificateNumber = "VG-GROUP-2",
            issuedOn = "2026-01-15",
            validUntil = "2027-01-14",
        })).Expect(HttpStatusCode.Created);
        groupCertificate["growingAreaIds"]!.AsArray().Should().HaveCount(3);
        certificate["growingAreaIds"]!.AsArray().Should().HaveCount(1);
        inspectionId.Should().NotBe(group.Id());

        static string[] Areas(JsonNode view) => [.. view["growingAreaIds"]!.AsArray().Select(a => a!.GetValue<string>())];

        // Each owner sees the inspection and its certificate, with the growing areas it acts for and no one else's.
        (HttpClient Client, string[] Sees)[] owners =
        [
            (farm.Household, [farm.GrowingAreaId]),
            (neighbour, [neighbourArea]),
            (farm.Cooperative, [farm.GrowingAreaId, neighbourArea]),
            (other.Household, [other.GrowingAreaId]),
            (other.Cooperative, [other.GrowingAreaId]),
        ];
        foreach (var (client, sees) in owners)
        {
            var inspection = await (await client.GetAsync($"/api/v1/certification/inspections/{group.Id()}")).Expect(HttpStatusCode.OK);
            Areas(inspection).Should().BeEquivalentTo(sees);
            inspection["passed"]!.GetValue<bool>().Should().BeTrue();
            Areas(await (await client.GetAsync($"/api/v1/certificates/{groupCertificate.Id()}")).Expect(HttpStatusCode.OK)).Should().BeEquivalentTo(sees);
            var listed = await (await client.GetAsync($"/api/v1/growing-areas/{sees[0]}/certificates")).Expect(HttpStatusCode.OK);
            Areas(listed["items"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == groupCertificate.Id())!).Should().BeEquivalentTo(sees);
        }

        // The admin and the inspecting body's auditors see the whole inspection.
        foreach (var client in new[] { app.Admin(), body.Auditor })
        {
            Areas(await (await client.GetAsync($"/api/v1/certification/inspections/{group.Id()}")).Expect(HttpStatusCode.OK)).Should().BeEquivalentTo(all);
            Areas(await (await client.GetAsync($"/api/v1/certificates/{groupCertificate.Id()}")).Expect(HttpStatusCode.OK)).Should().BeEquivalentTo(all);
        }
    }

    [Fact]
    public async Task Bad_inspections_are_400_naming_the_field()
    {
        var body = await BodyAsync();
        var farm = await app.FarmAsync();
        var answers = await AnswersAsync("vietgap");

        var unknown = answers.Take(answers.Count - 1).Append(new { controlPointId = "99.9", compliant = true }).ToList();
        var problem = await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], unknown)).ExpectFieldErrors($"results[{answers.Count - 1}].controlPointId", "results");
        problem["errors"]!["results"]![0]!.GetValue<string>().Should().Contain("missing");

        var notApplicableWithoutNote = answers.Skip(1).Prepend(new { controlPointId = (await ControlPointsAsync("vietgap"))[0]!["id"]!.GetValue<string>(), compliant = (bool?)null }).ToList();
        await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], notApplicableWithoutNote)).ExpectFieldErrors("results[0].note");
        await (await Inspect(body.Auditor, "vietgap", [], answers)).ExpectFieldErrors("growingAreaIds");
        await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], answers, inspectedOn: "2026-07-05")).ExpectFieldErrors("inspectedOn");
        await (await Inspect(body.Auditor, "organic", [farm.GrowingAreaId], answers)).ExpectFieldErrors("scheme");
        await (await Inspect(body.Auditor, "vietgap", [Guid.NewGuid().ToString()], answers)).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var inspection = await (await Inspect(body.Auditor, "vietgap", [farm.GrowingAreaId], answers)).Expect(HttpStatusCode.Created);
        await (await body.Auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = inspection.Id(),
            certificateNumber = "VG-9",
            issuedOn = "2026-02-01",
            validUntil = "2026-01-31",
        })).ExpectFieldErrors("validUntil");
        await (await body.Auditor.PostJson("/api/v1/certificates", new { scheme = "vietgap", inspectionId = inspection.Id() }))
            .ExpectFieldErrors("certificateNumber", "issuedOn", "validUntil");
        await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "auditor", certificationBodyId = Guid.NewGuid(), label = "x" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}
