using System.Net;
using CsvHelper;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;

namespace HaiDuong.Agri.IntegrationTests.Regions;

/// <summary>
/// Admin edits of a register and the names they put beside codes. The app starts without the shipped register (the test
/// default); each test loads a small register of its own through the API.
/// </summary>
public sealed class RegisterEditTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static object Register(string provinceCode, params (string Code, string Name, string Kind)[] communes) => new
    {
        provinceCode,
        name = $"Tỉnh thử {provinceCode}",
        source = "A test register written for this test",
        communes = communes.Select(c => new { code = c.Code, name = c.Name, kind = c.Kind }),
    };

    [Fact]
    public async Task Only_an_admin_loads_and_edits_a_register_and_each_edit_answers_the_commune_at_the_register_s_version()
    {
        var farm = await app.FarmAsync();
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var body = Register("97", ("97001", "Xã Một", "commune"), ("97002", "Phường Hai", "ward"));

        foreach (var notAdmin in new[] { farm.Cooperative, farm.Household, partner })
        {
            await (await notAdmin.PostJson("/api/v1/regions", body)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        }

        var loaded = await app.Admin().PostJson("/api/v1/regions", body);
        var region = await loaded.Expect(HttpStatusCode.Created);
        loaded.Headers.Location!.ToString().Should().Be("/api/v1/regions/97");
        loaded.ETag().Should().Be("\"1\"");
        (region["communes"]!.GetValue<int>(), region["version"]!.GetValue<long>()).Should().Be((2, 1L));
        await (await app.Admin().PostJson("/api/v1/regions", body)).ExpectProblem(HttpStatusCode.Conflict, "register-exists");
        await (await app.Admin().PostJson("/api/v1/regions", Register("96", ("96001", "Xã A", "commune"), ("96001", "Xã B", "commune"))))
            .ExpectFieldErrors("communes[1].code");
        await (await app.Admin().PostJson("/api/v1/regions", new { provinceCode = "95", name = "Tỉnh", source = "x", communes = new[] { new { code = "95001", name = "Xã", kind = "village" } } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        // Adding: admin only, a new code, idempotent with a key.
        var commune = new { code = "97003", name = "Đặc khu Ba", kind = "special-zone" };
        await (await farm.Cooperative.PostJson("/api/v1/regions/97/communes", commune)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var added = await app.Admin().PostJson("/api/v1/regions/97/communes", commune, ("Idempotency-Key", "add-97003"));
        (await added.Expect(HttpStatusCode.Created))["kind"]!.GetValue<string>().Should().Be("special-zone");
        added.Headers.Location!.ToString().Should().Be("/api/v1/regions/97/communes/97003");
        added.ETag().Should().Be("\"2\"");
        var replayed = await app.Admin().PostJson("/api/v1/regions/97/communes", commune, ("Idempotency-Key", "add-97003"));
        await replayed.Expect(HttpStatusCode.Created);
        replayed.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        await (await app.Admin().PostJson("/api/v1/regions/97/communes", commune with { name = "Đặc khu Khác" }))
            .ExpectProblem(HttpStatusCode.Conflict, "commune-code-taken");
        await (await app.Admin().PostJson("/api/v1/regions/98/communes", commune)).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        // Renaming: admin only; If-Match pins the register's version.
        await (await farm.Household.PostJson("/api/v1/regions/97/communes/97001/name", new { name = "Xã Một Mới" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await (await app.Admin().PostJson("/api/v1/regions/97/communes/97001/name", new { name = "Xã Một Mới" }, ("If-Match", "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "version-mismatch"))["currentVersion"]!.GetValue<long>().Should().Be(2);
        var renamedResponse = await app.Admin().PostJson("/api/v1/regions/97/communes/97001/name", new { name = "  Xã Một Mới  " }, ("If-Match", "\"2\""));
        var renamed = await renamedResponse.Expect(HttpStatusCode.OK);
        (renamed["name"]!.GetValue<string>(), renamed["version"]!.GetValue<long>()).Should().Be(("Xã Một Mới", 3L));
        renamedResponse.ETag().Should().Be("\"3\"");
        await (await app.Admin().PostJson("/api/v1/regions/97/communes/97999/name", new { name = "Xã Không" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await app.Admin().PostJson("/api/v1/regions/97/communes/97001/name", new { name = "" })).ExpectFieldErrors("name");

        // Retiring: admin only, once; the body may be left out (today).
        await (await farm.Cooperative.PostJson("/api/v1/regions/97/communes/97002/retirement", new { })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var retired = await (await app.Admin().Send(HttpMethod.Post, "/api/v1/regions/97/communes/97002/retirement", null)).Expect(HttpStatusCode.OK);
        retired["retiredOn"]!.GetValue<string>().Should().Be("2026-07-01");
        await (await app.Admin().PostJson("/api/v1/regions/97/communes/97002/retirement", new { reason = "again" }))
            .ExpectProblem(HttpStatusCode.Conflict, "commune-already-retired");

        var active = await (await farm.Household.GetAsync("/api/v1/regions/97/communes")).Expect(HttpStatusCode.OK);
        active["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).Should().Equal("97001", "97003");
        var all = await (await farm.Household.GetAsync("/api/v1/regions/97/communes?includeRetired=true")).Expect(HttpStatusCode.OK);
        all["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).Should().Equal("97001", "97002", "97003");
        var summary = await (await farm.Household.GetAsync("/api/v1/regions/97")).Expect(HttpStatusCode.OK);
        (summary["communes"]!.GetValue<int>(), summary["activeCommunes"]!.GetValue<int>(), summary["version"]!.GetValue<long>()).Should().Be((3, 2, 4L));

        // A retired commune takes no new registrations; the others do.
        (await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ C", phone = "0912345678", provinceCode = "97", communeCode = "97002" }))
            .ExpectFieldErrors("communeCode"))["errors"]!["communeCode"]![0]!.GetValue<string>().Should().Contain("retired").And.Contain("2026-07-01");
        var household = await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ D", phone = "0912345678", provinceCode = "97", communeCode = "97003" }))
            .Expect(HttpStatusCode.Created);
        household["communeName"]!.GetValue<string>().Should().Be("Đặc khu Ba");
    }

    [Fact]
    public async Task An_admin_s_rename_shows_on_the_trace_page_in_the_statistics_and_their_csv_the_fsma_204_sheet_and_the_household_view()
    {
        // The suite's seed data registers households in commune 11059 of province 31: this register names it.
        await (await app.Admin().PostJson("/api/v1/regions", Register("31", ("11059", "Xã Thanh Xá", "commune"), ("10981", "Xã Cẩm Giàng Thử", "commune"))))
            .Expect(HttpStatusCode.Created);
        var traced = await app.TracedAsync(stamps: 1);

        var before = await (await TraceSeed.Get(app.Anonymous(), traced.Lot, "application/json")).Expect(HttpStatusCode.OK);
        var household = before["household"]!;
        (household["commune"]!.GetValue<string>(), household["communeName"]!.GetValue<string>(), household["provinceCode"]!.GetValue<string>(),
                household["provinceName"]!.GetValue<string>())
            .Should().Be(("11059", "Xã Thanh Xá", "31", "Tỉnh thử 31"));

        await (await app.Admin().PostJson("/api/v1/regions/31/communes/11059/name", new { name = "Xã Thanh Xá Mới" })).Expect(HttpStatusCode.OK);

        var json = await (await TraceSeed.Get(app.Anonymous(), traced.Unit(), "application/json")).Expect(HttpStatusCode.OK);
        json["household"]!["communeName"]!.GetValue<string>().Should().Be("Xã Thanh Xá Mới");
        json["household"]!["commune"]!.GetValue<string>().Should().Be("11059");
        var html = await (await TraceSeed.Get(app.Anonymous(), traced.Unit())).Content.ReadAsStringAsync();
        html.Should().Contain("Xã Thanh Xá Mới (11059)").And.Contain("Tỉnh thử 31 (31)").And.NotContain("Xã Thanh Xá (11059)");
        var english = await (await TraceSeed.Get(app.Anonymous(), traced.Unit(), language: "en")).Content.ReadAsStringAsync();
        english.Should().Contain("Commune (code)").And.Contain("Province (code)").And.Contain("Xã Thanh Xá Mới (11059)");

        var view = await (await traced.Farm.Household.GetAsync($"/api/v1/households/{traced.Farm.HouseholdId}")).Expect(HttpStatusCode.OK);
        view["communeName"]!.GetValue<string>().Should().Be("Xã Thanh Xá Mới");

        var fsma = await (await app.Admin().GetAsync("/api/v1/exports/fsma204.csv?from=2026-06-01&to=2026-06-30")).Content.ReadAsStringAsync();
        fsma.Should().Contain("Xã Thanh Xá Mới (commune 11059), Tỉnh thử 31 (province 31), Viet Nam");

        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var stats = await (await app.Admin().GetAsync("/api/v1/stats?communeCode=11059")).Expect(HttpStatusCode.OK);
        var commune = stats["byCommune"]!.AsArray().Single()!;
        (commune["communeName"]!.GetValue<string>(), commune["provinceName"]!.GetValue<string>()).Should().Be(("Xã Thanh Xá Mới", "Tỉnh thử 31"));

        var csv = await app.Admin().GetAsync("/api/v1/stats/communes.csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        using var reader = CsvReader.FromText(await csv.Content.ReadAsStringAsync(), new CsvReaderOptions { Separator = ',' });
        reader.Read().Should().BeTrue();
        reader.Headers.Take(4).Should().Equal("Mã xã", "Tên xã", "Mã tỉnh", "Tên tỉnh");
        var rows = new List<Dictionary<string, string>> { reader.Headers.ToDictionary(h => h, reader.GetString) };
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(h => h, reader.GetString));
        }

        var row = rows.Single(r => r["Mã xã"] == "11059");
        (row["Tên xã"], row["Tên tỉnh"]).Should().Be(("Xã Thanh Xá Mới", "Tỉnh thử 31"));
    }

    [Fact]
    public async Task A_name_with_a_comma_quote_or_formula_start_stays_one_csv_field_that_no_spreadsheet_runs()
    {
        await (await app.Admin().PostJson("/api/v1/regions", Register("94", ("94001", "=HYPERLINK(\"x\"), Xã", "commune"))))
            .Expect(HttpStatusCode.Created);
        await (await app.Admin().PostJson("/api/v1/households", new { name = "Hộ E", phone = "0912345678", provinceCode = "94", communeCode = "94001" }))
            .Expect(HttpStatusCode.Created);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);

        var text = await (await app.Admin().GetAsync("/api/v1/stats/communes.csv")).Content.ReadAsStringAsync();
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = ',' });
        string? name = null;
        while (reader.Read())
        {
            if (reader.GetString("Mã xã") == "94001")
            {
                name = reader.GetString("Tên xã");
            }
        }

        name.Should().Be("'=HYPERLINK(\"x\"), Xã");
    }
}
