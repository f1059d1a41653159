using System.Net;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.BrowserTests.Infrastructure;

/// <summary>A packed lot with its stamps, and the cooperative that can fetch their QR codes.</summary>
public sealed record StampedLot(Farm Farm, string LotId, string Gtin, string LotCode, IReadOnlyList<string> Serials);

/// <summary>Builds, through the public API, what a consumer's scan leads to.</summary>
public static class StampSeed
{
    public const string Product = "Vải thiều Thanh Hà loại 1";
    public const string Household = "Nguyễn Văn An";
    public const string HarvestDate = "03/06/2026";
    public const string Gtin = "08931234567897";

    private static int lotNumber;

    /// <summary>
    /// A VietGAP-certified lychee batch (planted, sprayed once, harvested on 2026-06-03) packed into a lot of
    /// "<see cref="Product"/>" with <paramref name="stamps"/> QR stamps.
    /// </summary>
    public static async Task<StampedLot> StampedLotAsync(this BrowserApp app, int stamps = 1)
    {
        var farm = await app.FarmAsync();
        await app.CertifyAsync(farm.GrowingAreaId);

        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            activeIngredient = "Fipronil",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-05-20",
            preHarvestIntervalDays = 7,
        })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 600 }))
            .Expect(HttpStatusCode.OK);

        var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = Gtin[1..],
            packedOn = "2026-06-04",
            unitCount = 300,
            netWeightGrams = 2000,
            packaging = "Hộp 2 kg",
            productName = Product,
            lotCode = $"BR{Interlocked.Increment(ref lotNumber):0000}",
        })).Expect(HttpStatusCode.Created);
        var serials = (await (await farm.Cooperative.PostJson($"/api/v1/lots/{lot.Id()}/stamps", new { count = stamps }))
            .Expect(HttpStatusCode.Created))["serials"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        return new StampedLot(farm, lot.Id(), Gtin, lot["lotCode"]!.GetValue<string>(), serials);
    }

    /// <summary>
    /// A cooperative with one member household ("<see cref="Household"/>") and its growing area, and a key for each:
    /// the integration tests' <c>Seed.FarmAsync</c> through clients that reach the Kestrel port.
    /// </summary>
    public static async Task<Farm> FarmAsync(this BrowserApp app)
    {
        var admin = app.Admin();
        var cooperativeId = (await (await admin.PostJson("/api/v1/cooperatives", new { name = "HTX Vải thiều Thanh Hà", provinceCode = "31", communeCode = "11059" }))
            .Expect(HttpStatusCode.Created)).Id();
        var householdId = (await (await admin.PostJson("/api/v1/households", new
        {
            name = Household,
            phone = "0912345678",
            provinceCode = "31",
            communeCode = "11059",
            address = "Thôn Thúy Lâm, Thanh Hà",
            cooperativeId,
        })).Expect(HttpStatusCode.Created)).Id();
        var areaId = (await (await admin.PostJson("/api/v1/growing-areas", new
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
        var cooperativeKey = await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX office" });
        var householdKey = await app.KeyAsync(new { role = "household", householdId, label = "An's phone" });
        return new Farm(cooperativeId, householdId, areaId, app.As(cooperativeKey), app.As(householdKey));
    }

    private static async Task<string> KeyAsync(this BrowserApp app, object request) =>
        (await (await app.Admin().PostJson("/api/v1/api-keys", request)).Expect(HttpStatusCode.Created))["key"]!.GetValue<string>();

    /// <summary>A passed VietGAP inspection of the growing area and the certificate it allows.</summary>
    private static async Task CertifyAsync(this BrowserApp app, string growingAreaId)
    {
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Trung tâm Chứng nhận Hải Phòng" }))
            .Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        var checklist = await (await auditor.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK);
        var inspection = await (await auditor.PostJson("/api/v1/certification/inspections", new
        {
            scheme = "vietgap",
            growingAreaIds = new[] { growingAreaId },
            inspectedOn = "2026-01-08",
            results = checklist["controlPoints"]!.AsArray().Select(p => new { controlPointId = p!["id"]!.GetValue<string>(), compliant = true }),
        })).Expect(HttpStatusCode.Created);
        await (await auditor.PostJson("/api/v1/certificates", new
        {
            scheme = "vietgap",
            inspectionId = inspection.Id(),
            certificateNumber = "VG-HP-0107",
            issuedOn = "2026-01-12",
            validUntil = "2028-01-11",
        })).Expect(HttpStatusCode.Created);
    }
}
