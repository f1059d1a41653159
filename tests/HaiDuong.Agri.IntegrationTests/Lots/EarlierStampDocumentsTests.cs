using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Lots;

/// <summary>
/// Stamps issued by a version that kept them as Marten documents (<c>agri.mt_doc_stamp</c>) still work after an upgrade:
/// the app moves them into its stamps table when it starts.
/// </summary>
public sealed class EarlierStampDocumentsTests
{
    private sealed class SameDatabase(string connectionString) : AgriApp
    {
        protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(connectionString);
    }

    [Fact]
    public async Task Stamps_kept_as_documents_by_an_earlier_version_are_adopted_at_start()
    {
        string lotId, gtin, lotCode;
        List<string> serials;
        string connectionString;
        await using (var before = new AgriApp())
        {
            await before.InitializeAsync();
            connectionString = before.ConnectionString!;
            var farm = await before.FarmAsync();
            var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
            await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 100 }))
                .Expect(HttpStatusCode.OK);
            var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
            {
                batchId,
                gtin = "8931234567897",
                packedOn = "2026-06-04",
                unitCount = 10,
                netWeightGrams = 2000,
                productName = "Vải thiều",
            })).Expect(HttpStatusCode.Created);
            (lotId, gtin, lotCode) = (lot.Id(), lot["gtin"]!.GetValue<string>(), lot["lotCode"]!.GetValue<string>());
            serials = (await (await farm.Cooperative.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 3 })).Expect(HttpStatusCode.Created))["serials"]!
                .AsArray().Select(s => s!.GetValue<string>()).ToList();
        }

        // What the earlier version stored: one JSON document per stamp (the second printed, the third voided), no stamps table.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $$"""
                create table agri.mt_doc_stamp (id varchar primary key, data jsonb not null, mt_last_modified timestamptz default now());
                insert into agri.mt_doc_stamp (id, data) values
                  ('{{serials[0]}}', '{"id":"{{serials[0]}}","lotId":"{{lotId}}","sequence":1,"issuedAt":"2026-07-01T03:00:00.001Z","voidedAt":null,"voidReason":null,"printedAt":null}'),
                  ('{{serials[1]}}', '{"id":"{{serials[1]}}","lotId":"{{lotId}}","sequence":2,"issuedAt":"2026-07-01T03:00:00.001Z","voidedAt":null,"voidReason":null,"printedAt":"2026-07-01T04:00:00Z"}'),
                  ('{{serials[2]}}', '{"id":"{{serials[2]}}","lotId":"{{lotId}}","sequence":3,"issuedAt":"2026-07-01T03:00:00.001Z","voidedAt":"2026-07-01T05:00:00Z","voidReason":"Nhãn rách","printedAt":null}');
                delete from agri.stamps;
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var after = new SameDatabase(connectionString);
        await after.InitializeAsync();
        var admin = after.Admin();
        var page = await (await admin.GetAsync($"/api/v1/lots/{lotId}/stamps")).Expect(HttpStatusCode.OK);
        var items = page["items"]!.AsArray();
        items.Select(s => s!["serial"]!.GetValue<string>()).Should().Equal(serials);
        items[1]!["printedAt"]!.GetValue<string>().Should().Be("2026-07-01T04:00:00Z");
        items[2]!["voidReason"]!.GetValue<string>().Should().Be("Nhãn rách");

        (await TraceAsync(after, $"/01/{gtin}/10/{lotCode}/21/{serials[0]}", HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("genuine");
        (await TraceAsync(after, $"/01/{gtin}/10/{lotCode}/21/{serials[2]}", HttpStatusCode.NotFound))["status"]!.GetValue<string>().Should().Be("voided");

        // Only the never-printed live stamp is left to print.
        var print = await admin.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?serials=unprinted");
        print.StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?serials=unprinted")).ExpectProblem(HttpStatusCode.Conflict, "no-stamps-to-print");

        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        await using var exists = new NpgsqlCommand("select to_regclass('agri.mt_doc_stamp') is null", check);
        ((bool)(await exists.ExecuteScalarAsync())!).Should().BeTrue("the documents' table is dropped once adopted");
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> TraceAsync(AgriApp app, string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        return await (await app.Anonymous().SendAsync(request)).Expect(status);
    }
}
