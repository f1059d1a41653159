using System.Net;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>A certified, harvested lot with its stamps, and the paths of its trace pages.</summary>
public sealed record TracedLot(Farm Farm, string LotId, string LotCode, List<string> Serials)
{
    public const string Gtin = "08931234567897";

    public string Unit(int i = 0) => $"/01/{Gtin}/10/{Uri.EscapeDataString(LotCode)}/21/{Serials[i]}";

    public string Lot => $"/01/{Gtin}/10/{Uri.EscapeDataString(LotCode)}";
}

public static class TraceSeed
{
    private static int lotNumber;

    /// <summary>A VietGAP-certified batch with a pesticide and a harvest, packed into a lot with stamps.</summary>
    public static async Task<TracedLot> TracedAsync(this AgriApp app, int stamps = 3, string? lotCode = null)
    {
        var farm = await app.FarmAsync();
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Trung tâm Chứng nhận" })).Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        var points = (await (await auditor.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK))["controlPoints"]!.AsArray();
        var inspection = await (await auditor.PostJson("/api/v1/certification/inspections", new
        {
            scheme = "vietgap",
            growingAreaIds = new[] { farm.GrowingAreaId },
            inspectedOn = "2026-01-10",
            results = points.Select(p => new { controlPointId = p!["id"]!.GetValue<string>(), compliant = true }),
        })).Expect(HttpStatusCode.Created);
        await (await auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = inspection.Id(),
            certificateNumber = "VG-TH-0042",
            issuedOn = "2026-01-15",
            validUntil = "2028-01-14",
        })).Expect(HttpStatusCode.Created);

        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            activeIngredient = "Fipronil",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-05-27",
            preHarvestIntervalDays = 7,
        })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850 })).Expect(HttpStatusCode.OK);
        var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn = "2026-06-04",
            unitCount = 400,
            netWeightGrams = 2000,
            packaging = "Hộp 2 kg",
            productName = "Vải thiều Thanh Hà loại 1",
            lotCode = lotCode ?? $"TP{Interlocked.Increment(ref lotNumber):0000}",
        })).Expect(HttpStatusCode.Created);
        var serials = (await (await farm.Cooperative.PostJson($"/api/v1/lots/{lot.Id()}/stamps", new { count = stamps })).Expect(HttpStatusCode.Created))["serials"]!
            .AsArray().Select(s => s!.GetValue<string>()).ToList();
        return new TracedLot(farm, lot.Id(), lot["lotCode"]!.GetValue<string>(), serials);
    }

    public static Task<HttpResponseMessage> Get(HttpClient client, string path, string accept = "text/html", string? language = null) =>
        client.Send(HttpMethod.Get, path, null, language is null ? [("Accept", accept)] : [("Accept", accept), ("Accept-Language", language)]);
}
