using System.Net;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>
/// A certified "home" farm with one of everything (batch, harvest, lot, stamps, inspection, certificate, a webhook
/// listing) and a key of every role, plus a "foreign" cooperative and household that own none of it.
/// </summary>
public sealed record HomeFarm(
    TracedLot Traced,
    string BatchId,
    string CertificationBodyId,
    string InspectionId,
    string CertificateId,
    string ListingId,
    string ThrowawayKeyId,
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

        await farm.LinkAsync("webhook");
        var listing = await (await new PackedLot(farm, traced.LotId, traced.LotCode, 400).PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);

        var foreignCooperativeId = await app.CooperativeAsync("HTX Nông nghiệp Kim Thành");
        var foreignHouseholdId = await app.HouseholdAsync(foreignCooperativeId, "Trần Thị Bình");
        var foreignCooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = foreignCooperativeId, label = "foreign HTX" }));
        var foreignHousehold = app.As(await app.KeyAsync(new { role = "household", householdId = foreignHouseholdId, label = "foreign phone" }));

        var throwaway = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "cooperative", cooperativeId = farm.CooperativeId, label = "to revoke" }))
            .Expect(HttpStatusCode.Created);

        var callers = new Dictionary<string, (Roles, bool, HttpClient)>(StringComparer.Ordinal)
        {
            ["no key"] = (Roles.None, false, app.Anonymous()),
            ["admin"] = (Roles.Admin, false, app.Admin()),
            ["cooperative"] = (Roles.Cooperative, false, farm.Cooperative),
            ["household"] = (Roles.Household, false, farm.Household),
            ["auditor"] = (Roles.Auditor, false, auditor),
            ["marketplace"] = (Roles.Marketplace, false, marketplace),
            ["foreign cooperative"] = (Roles.Cooperative, true, foreignCooperative),
            ["foreign household"] = (Roles.Household, true, foreignHousehold),
        };

        return new HomeFarm(
            traced, batchId, bodyId, certificate["inspectionId"]!.GetValue<string>(), certificate.Id(), listing.Id(), throwaway.Id(), callers);
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
                "{id}" when unknown => Guid.NewGuid().ToString(),
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
                    "households" => Farm.HouseholdId,
                    "cooperatives" => Farm.CooperativeId,
                    "dead-letters" => Guid.NewGuid().ToString(),
                    var other => throw new InvalidOperationException($"No home object for {{id}} after '{other}' in {template}: add one to HomeFarm.Fill"),
                },
                _ => throw new InvalidOperationException($"No value for {segment} in {template}: add one to HomeFarm.Fill"),
            };
        }

        return string.Join('/', segments);
    }
}
