using System.Net;
using System.Text.Json.Nodes;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>A cooperative with one member household, its growing area and keys: what most tests start from.</summary>
public sealed record Farm(
    string CooperativeId,
    string HouseholdId,
    string GrowingAreaId,
    HttpClient Cooperative,
    HttpClient Household);

/// <summary>Builds test data through the public API, as clients do.</summary>
public static class Seed
{
    public static async Task<string> CooperativeAsync(this AgriApp app, string name = "HTX Vải thiều Thanh Hà") =>
        (await (await app.Admin().PostJson("/api/v1/cooperatives", new { name, provinceCode = "31", communeCode = "11059" }))
            .Expect(HttpStatusCode.Created)).Id();

    public static async Task<string> HouseholdAsync(this AgriApp app, string? cooperativeId, string name = "Nguyễn Văn An") =>
        (await (await app.Admin().PostJson("/api/v1/households", new
        {
            name,
            phone = "0912345678",
            provinceCode = "31",
            communeCode = "11059",
            address = "Thôn Thúy Lâm, Thanh Hà",
            cooperativeId,
        })).Expect(HttpStatusCode.Created)).Id();

    public static async Task<string> GrowingAreaAsync(this AgriApp app, string householdId) =>
        (await (await app.Admin().PostJson("/api/v1/growing-areas", new
        {
            householdId,
            name = "Vườn vải đồi Thúy Lâm",
            crop = "vải thiều",
            areaM2 = 5000,
            communeCode = "11059",
            areaCode = "VN-HDTH-0012",
            latitude = 20.89,
            longitude = 106.43,
        })).Expect(HttpStatusCode.Created)).Id();

    /// <summary>
    /// A VietGAP certificate <paramref name="certificateNumber"/> of the growing area, issued 2026-01-15 after an inspection
    /// that found every control point compliant, by a certification body of its own, valid until <paramref name="validUntil"/>.
    /// </summary>
    public static async Task CertifyAsync(this AgriApp app, string growingAreaId, string certificateNumber, string validUntil)
    {
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Trung tâm Chứng nhận " + certificateNumber }))
            .Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        var points = (await (await auditor.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK))["controlPoints"]!.AsArray();
        var inspection = await (await auditor.PostJson("/api/v1/certification/inspections", new
        {
            scheme = "vietgap",
            growingAreaIds = new[] { growingAreaId },
            inspectedOn = "2026-01-10",
            results = points.Select(p => new { controlPointId = p!["id"]!.GetValue<string>(), compliant = true }),
        })).Expect(HttpStatusCode.Created);
        await (await auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = inspection.Id(),
            certificateNumber,
            issuedOn = "2026-01-15",
            validUntil,
        })).Expect(HttpStatusCode.Created);
    }

    public static async Task<string> KeyAsync(this AgriApp app, object request) =>
        (await (await app.Admin().PostJson("/api/v1/api-keys", request)).Expect(HttpStatusCode.Created))["key"]!.GetValue<string>();

    public static async Task<Farm> FarmAsync(this AgriApp app)
    {
        var cooperativeId = await app.CooperativeAsync();
        var householdId = await app.HouseholdAsync(cooperativeId);
        var areaId = await app.GrowingAreaAsync(householdId);
        var cooperativeKey = await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX office" });
        var householdKey = await app.KeyAsync(new { role = "household", householdId, label = "An's phone" });
        return new Farm(cooperativeId, householdId, areaId, app.As(cooperativeKey), app.As(householdKey));
    }

    public static async Task<JsonNode> StartBatchAsync(this HttpClient client, string growingAreaId) =>
        await (await client.PostJson("/api/v1/batches", new { growingAreaId, crop = "vải thiều", variety = "Thanh Hà", season = "2026" }))
            .Expect(HttpStatusCode.Created);

    /// <summary>A batch planted on 2026-01-15.</summary>
    public static async Task<string> PlantedBatchAsync(this HttpClient client, string growingAreaId)
    {
        var id = (await client.StartBatchAsync(growingAreaId)).Id();
        await (await client.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-01-15", seedSource = "Vườn ươm Thanh Hà" }))
            .Expect(HttpStatusCode.OK);
        return id;
    }
}
