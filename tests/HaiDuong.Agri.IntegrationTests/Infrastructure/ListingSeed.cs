using System.Net;
using System.Text.Json.Nodes;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>A packed lot of a farm, ready to list.</summary>
public sealed record PackedLot(Farm Farm, string LotId, string LotCode, int Units);

public static class ListingSeed
{
    private static int lotNumber;

    public static async Task<PackedLot> PackedLotAsync(this AgriApp app, int units = 100, Farm? farm = null)
    {
        farm ??= await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 900 }))
            .Expect(HttpStatusCode.OK);
        var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn = "2026-06-04",
            unitCount = units,
            netWeightGrams = 2000,
            productName = "Vải thiều Thanh Hà loại 1",
            lotCode = $"LS{Interlocked.Increment(ref lotNumber):0000}",
        })).Expect(HttpStatusCode.Created);
        return new PackedLot(farm, lot.Id(), lot["lotCode"]!.GetValue<string>(), units);
    }

    /// <summary>Links the household's shop on a marketplace (webhook needs no token).</summary>
    public static async Task<JsonNode> LinkAsync(this Farm farm, string marketplace, string shopId = "shop-1", string? accessToken = "token-1") =>
        await (await farm.Household.PostJson($"/api/v1/households/{farm.HouseholdId}/marketplace-accounts", new
        {
            marketplace,
            shopId,
            accessToken = marketplace == "webhook" ? null : accessToken,
            refreshToken = marketplace == "webhook" ? null : "refresh-1",
        })).Body();

    public static Task<HttpResponseMessage> PublishAsync(this PackedLot lot, int stock, params string[] marketplaces) =>
        lot.Farm.Cooperative.PostJson("/api/v1/listings", new
        {
            lotId = lot.LotId,
            title = "Vải thiều Thanh Hà loại 1 — hộp 2 kg",
            description = "Vải thiều chín cây, hái sáng sớm.\nGiao trong 24 giờ.",
            priceVnd = 45000,
            stock,
            imageUrls = new[] { "https://img.example.vn/vai-1.jpg" },
            marketplaces,
        });
}
