using System.Net;
using System.Text.Json.Nodes;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>
/// A certified "home" farm with one of everything (batch, harvest, lot, stamps, inspection, certificate, a webhook
/// listing) and a key of every role (an official's too), plus a "foreign" cooperative and household that own none of it.
/// </summary>
public sealed record HomeFarm(
    TracedLot Traced,
    string ProvinceCode,
    string BatchId,
    string CertificationBodyId,
    string InspectionId,
    string CertificateId,
    string ListingId,
    string OrderId,
    string ThrowawayKeyId,
    string SignInCodeId,
    string CodeId,
    IReadOnlyList<string> VietGapControlPoints,
    IReadOnlyDictionary<string, (Roles Role, bool Foreign, HttpClient Client)> Callers)
{
    public Farm Farm => Traced.Farm;

    public static async Task<HomeFarm> SeedAsync(AgriApp app)
    {
        var traced = await app.TracedAsync(stamps: 3);
        var farm = traced.Farm;
        var lot = await (await app.Admin().GetAsync($"/api/v1/lots/{traced.LotId}")).Expect(HttpStatusCode.OK);
        var batchId = lot["batchId"]!.GetValue<string>();
        var certificate = (await (await app.Admin().GetAsync($"/api/v1/growing-areas/{farm.GrowingAreaId}/certificates")).Expect(HttpStatusCode.OK))["items"]![0]!;
        var bodyId = certificate["certificationBodyId"]!.GetValue<string>();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "home auditor" }));
        var marketplace = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var official = app.As(await app.KeyAsync(new { role = "official", label = "Sở Nông nghiệp — IOC" }));

        await farm.LinkAsync("webhook");
        var listing = await (await new PackedLot(farm, traced.LotId, traced.LotCode, 400).PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        // An order, on a listing of its own (the home listing's stock stays as published).
        var sold = await (await new PackedLot(farm, traced.LotId, traced.LotCode, 400).PublishAsync(2, "webhook")).Expect(HttpStatusCode.Created);
        await (await marketplace.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "webhook",
            externalOrderId = $"PM-HOME-{Interlocked.Increment(ref unique)}",
            listingId = sold.Id(),
            quantity = 1,
            totalVnd = 45000,
            orderedAt = "2026-06-20T02:00:00Z",
        })).Expect(HttpStatusCode.Created);
        var orderId = (await (await farm.Cooperative.GetAsync($"/api/v1/marketplace/orders?listingId={sold.Id()}")).Expect(HttpStatusCode.OK))["items"]![0]!.Id();

        var foreignCooperativeId = await app.CooperativeAsync("HTX Nông nghiệp Kim Thành");
        var foreignHouseholdId = await app.HouseholdAsync(foreignCooperativeId, "Trần Thị Bình");
        var foreignCooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = foreignCooperativeId, label = "foreign HTX" }));
        var foreignHousehold = app.As(await app.KeyAsync(new { role = "household", householdId = foreignHouseholdId, label = "foreign phone" }));

        var throwaway = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "cooperative", cooperativeId = farm.CooperativeId, label = "to revoke" }))
            .Expect(HttpStatusCode.Created);

        var signInCode = await (await farm.Cooperative.PostAsync($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", null))
            .Expect(HttpStatusCode.Created);

        // A small register of a made-up province of its own (each seed its own), for the register's routes.
        var provinceCode = (900 + Interlocked.Increment(ref provinces)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await (await app.Admin().PostJson("/api/v1/regions", new
        {
            provinceCode,
            name = "Tỉnh Thử Nghiệm",
            source = "test data",
            communes = new[] { new { code = HomeCommune, name = "Xã Một", kind = "commune" }, new { code = "90002", name = "Phường Hai", kind = "ward" } },
        })).Expect(HttpStatusCode.Created);
        // A growing-area code of the home area (mã số vùng trồng), for the code routes.
        var code = await (await farm.Household.PostJson($"/api/v1/growing-areas/{farm.GrowingAreaId}/codes", new { code = $"VN-HMOR-{Interlocked.Increment(ref unique):0000}" }))
            .Expect(HttpStatusCode.Created);

        var checklist = await (await auditor.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK);
        var controlPoints = checklist["controlPoints"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();

        var callers = new Dictionary<string, (Roles, bool, HttpClient)>(StringComparer.Ordinal)
        {
            ["no key"] = (Roles.None, false, app.Anonymous()),
            ["admin"] = (Roles.Admin, false, app.Admin()),
            ["cooperative"] = (Roles.Cooperative, false, farm.Cooperative),
            ["household"] = (Roles.Household, false, farm.Household),
            ["auditor"] = (Roles.Auditor, false, auditor),
            ["marketplace"] = (Roles.Marketplace, false, marketplace),
            ["official"] = (Roles.Official, false, official),
            ["foreign cooperative"] = (Roles.Cooperative, true, foreignCooperative),
            ["foreign household"] = (Roles.Household, true, foreignHousehold),
        };

        return new HomeFarm(
            traced, provinceCode, batchId, bodyId, certificate["inspectionId"]!.GetValue<string>(), certificate.Id(), listing.Id(), orderId, throwaway.Id(),
            signInCode.Id(), code.Id(), controlPoints, callers);
    }

    private static int unique;
    private static int provinces;

    /// <summary>The commune of the home register the path parameters name.</summary>
    public const string HomeCommune = "90001";

    /// <summary>A body the route would accept (or refuse only for a business rule), so mutations of one field reach the handler and the database.</summary>
    public JsonObject? ValidBody(string operation)
    {
        var n = Interlocked.Increment(ref unique);
        var farm = Farm;
        object? body = operation switch
        {
            "POST /api/v1/api-keys" => new { role = "cooperative", cooperativeId = farm.CooperativeId, label = "fuzz" },
            "POST /api/v1/regions" => new
            {
                provinceCode = (5000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
                name = "Tỉnh Mới",
                source = "test data",
                communes = new[] { new { code = "50001", name = "Xã Mới", kind = "commune" } },
            },
            "POST /api/v1/regions/{provinceCode}/communes" => new { code = (70000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), name = "Xã Thêm", kind = "commune" },
            "POST /api/v1/regions/{provinceCode}/communes/{communeCode}/name" => new { name = "Xã Đổi Tên" },
            "POST /api/v1/regions/{provinceCode}/communes/{communeCode}/retirement" => new { on = "2026-07-01", reason = "sáp nhập" },
            "POST /api/v1/cooperatives" => new { name = "HTX", provinceCode = "31", communeCode = "11059", address = "Thanh Hà", phone = "0912345678" },
            "POST /api/v1/households" => new { name = "Hộ", phone = "0912345678", provinceCode = "31", communeCode = "11059", address = "Thôn", cooperativeId = farm.CooperativeId, formerDistrict = "Thanh Hà" },
            "POST /api/v1/households/{id}/training" => new { course = "VietGAP cơ bản", completedOn = "2026-06-01" },
            "POST /api/v1/growing-areas" => new { householdId = farm.HouseholdId, name = "Vườn", crop = "vải", areaM2 = 100, communeCode = "11059", areaCode = $"VN-FZ-{n}", latitude = 20.9, longitude = 106.4 },
            "POST /api/v1/batches" => new { growingAreaId = farm.GrowingAreaId, crop = "vải", variety = "Thanh Hà", season = "2026", expectedHarvestOn = "2026-08-01" },
            "POST /api/v1/batches/{id}/inputs" => new { kind = "fertilizer", productName = "NPK", activeIngredient = "N", dose = 1.5, unit = "kg", appliedOn = "2026-06-10", @operator = "An", reason = "bón thúc", clientStepId = $"fz-{n}" },
            "POST /api/v1/batches/{id}/activities" => new { kind = "observation", occurredAt = "2026-06-10T01:00:00Z", notes = "ổn", clientStepId = $"fz-{n}" },
            "POST /api/v1/batches/{id}/harvests" => new { harvestedOn = "2026-06-20", quantityKg = 1, grade = "1", clientStepId = $"fz-{n}" },
            "POST /api/v1/batches/{id}/steps:bulk" => new { steps = new[] { new { type = "activity", kind = "observation", occurredAt = "2026-06-10T01:00:00Z", notes = "ổn", clientStepId = $"fzb-{n}" } } },
            "POST /api/v1/certification-bodies" => new { name = "Trung tâm", accreditationNumber = $"VICAS {n}" },
            "POST /api/v1/certificates/{id}/suspension" => new { reason = "vi phạm", from = "2026-03-01" },
            "POST /api/v1/growing-areas/{id}/codes" => new { code = $"VN-FZOR-{n:0000}", kind = "growing-area", issuingAuthority = "Cục Bảo vệ thực vật" },
            "POST /api/v1/cooperatives/{id}/codes" => new { code = $"VN-FZPH-{n:0000}", kind = "packing-house", issuingAuthority = "Cục Bảo vệ thực vật" },
            "POST /api/v1/codes/{id}/markets/{market}/approval" or "POST /api/v1/codes/{id}/markets/{market}/reinstatement" => new { on = "2026-05-01", reason = "quyết định" },
            "POST /api/v1/codes/{id}/markets/{market}/suspension" => new { on = "2026-06-01", reason = "mã bị mượn" },
            "POST /api/v1/batches/{id}/market-rule-overrides" => new { market = "china", reason = "phiếu kiểm nghiệm đạt" },
            "POST /api/v1/certification/inspections" => new
            {
                scheme = "vietgap",
                growingAreaIds = new[] { farm.GrowingAreaId },
                inspectedOn = "2026-01-10",
                results = VietGapControlPoints.Select(id => new { controlPointId = id, compliant = (bool?)true, note = (string?)null }).ToArray(),
            },
            "POST /api/v1/certificates" => new { scheme = "vietgap", inspectionId = InspectionId, certificateNumber = $"VG-FZ-{n}", issuedOn = "2026-01-15", validUntil = "2027-01-14" },
            "POST /api/v1/lots" => new { batchId = BatchId, gtin = "8931234567897", lotCode = $"FZ{n}", packedOn = "2026-06-04", unitCount = 1, netWeightGrams = 100, packaging = "Hộp", productName = "Vải" },
            "POST /api/v1/lots/{id}/stamps" => new { count = 1 },
            "POST /api/v1/lots/{id}/recall" => new { reason = "nhiễm khuẩn" },
            "POST /api/v1/stamps/{serial}/void" => new { reason = "hỏng" },
            "POST /api/v1/listings" => new { lotId = Traced.LotId, title = "Vải", description = "ngon", priceVnd = 45000, stock = 1, imageUrls = new[] { "https://img.example.vn/1.jpg" }, marketplaces = new[] { "webhook" } },
            "POST /api/v1/listings/{id}/price" => new { priceVnd = 50000 },
            "POST /api/v1/listings/{id}/stock" => new { stock = 5 },
            "POST /api/v1/listings/{id}/delist" => new { reason = "hết hàng" },
            "POST /api/v1/households/{id}/marketplace-accounts" or "POST /api/v1/cooperatives/{id}/marketplace-accounts" =>
                new { marketplace = "webhook", shopId = $"shop-{n}", accessToken = "t", refreshToken = "r" },
            "POST /api/v1/marketplace/orders" => new { marketplace = "webhook", externalOrderId = $"FZ-{n}", listingId = ListingId, quantity = 1, totalVnd = 45000, orderedAt = "2026-06-30T01:00:00Z" },
            _ => null,
        };
        return body is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(body, Http.Json)!.AsObject();
    }

    /// <summary>The path with its parameters filled with the home farm's objects (or <paramref name="unknown"/> ids).</summary>
    public string Fill(string template, bool unknown = false)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (!segment.StartsWith('{'))
            {
                continue;
            }

            segments[i] = segment switch
            {
                "{gtin}" => TracedLot.Gtin,
                "{lot}" => Uri.EscapeDataString(Traced.LotCode),
                "{serial}" => unknown ? "ZZZZZZZZZZZZZZZZZ" : Traced.Serials[0],
                "{scheme}" => "vietgap",
                "{market}" => "china",
                "{id}" when unknown => Guid.NewGuid().ToString(),
                "{codeId}" => unknown ? Guid.NewGuid().ToString() : SignInCodeId,
                "{sessionId}" => Guid.NewGuid().ToString(),
                "{provinceCode}" => unknown ? "99999" : ProvinceCode,
                "{communeCode}" => unknown ? "99999" : HomeCommune,
                "{id}" => segments[i - 1] switch
                {
                    "api-keys" => ThrowawayKeyId,
                    "batches" => BatchId,
                    "growing-areas" => Farm.GrowingAreaId,
                    "certification-bodies" => CertificationBodyId,
                    "inspections" => InspectionId,
                    "certificates" => CertificateId,
                    "lots" => Traced.LotId,
                    "listings" => ListingId,
                    "orders" => OrderId,
                    "households" => Farm.HouseholdId,
                    "cooperatives" => Farm.CooperativeId,
                    "codes" => CodeId,
                    "dead-letters" => Guid.NewGuid().ToString(),
                    var other => throw new InvalidOperationException($"No home object for {{id}} after '{other}' in {template}: add one to HomeFarm.Fill"),
                },
                _ => throw new InvalidOperationException($"No value for {segment} in {template}: add one to HomeFarm.Fill"),
            };
        }

        return string.Join('/', segments);
    }
}
