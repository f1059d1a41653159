using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.Api.Trace;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Statistics;

/// <summary>
/// The province dashboard's figures over time, against a season in two communes over two months (May and June 2026), read
/// by an official: months per milestone and marketplace, the period's funnel and per-commune figures, scans per day,
/// certificates about to expire, and each chart as a CSV in Vietnamese or English.
/// </summary>
public sealed class StatisticsOverTimeTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string ThanhHa = "10507";
    private const string CamGiang = "10981";
    private const string MayToJune = "from=2026-05-01&to=2026-06-30";
    private static Task<Season>? seeded;

    private sealed record Season(HttpClient Official, string OfficialKey, string AnLotPath);

    private Task<Season> SeasonAsync() => seeded ??= SeedAsync();

    /// <summary>
    /// 10 May: An, Bình (Thanh Hà) and Cường (Cẩm Giàng) register; An, trained on 5 May, links a shop, lists a lot and sells
    /// (100,000 ₫). 15 June: Dung (Cẩm Giàng) registers; Cường, trained on 14 June, links, lists and sells (40,000 ₫); An sells
    /// again at 01:30 on 1 June Việt Nam time (still 31 May in UTC: 50,000 ₫). An's stamps are scanned three times on 15 June
    /// and once on 16 June. An's area has a certificate valid until 31 July 2026, Cường's one until June 2027.
    /// </summary>
    private async Task<Season> SeedAsync()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 5, 10, 3, 0));
        var cooperativeId = await app.CooperativeAsync("HTX Nông sản Hải Dương");
        var cooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX" }));
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var an = await MemberAsync(cooperativeId, cooperative, ThanhHa, "Nguyễn Văn An");
        await MemberAsync(cooperativeId, cooperative, ThanhHa, "Trần Thị Bình");
        var cuong = await MemberAsync(cooperativeId, cooperative, CamGiang, "Lê Văn Cường");

        await (await cooperative.PostJson($"/api/v1/households/{an.HouseholdId}/training", new { course = "Bán hàng trên sàn", completedOn = "2026-05-05" }))
            .Expect(HttpStatusCode.OK);
        await an.LinkAsync("webhook");
        var (anLot, anListing) = await ListAsync(an, "ST-AN-1", harvestedOn: "2026-05-08");
        await OrderAsync(partner, anListing, "PM-1", 100_000, "2026-05-10T03:30:00Z");
        var stamps = (await (await cooperative.PostJson($"/api/v1/lots/{anLot.Id()}/stamps", new { count = 2 })).Expect(HttpStatusCode.Created))["serials"]!
            .AsArray().Select(s => s!.GetValue<string>()).ToList();

        app.Clock.Reset(Instant.FromUtc(2026, 6, 15, 3, 0));
        await MemberAsync(cooperativeId, cooperative, CamGiang, "Phạm Thị Dung");
        await (await cooperative.PostJson($"/api/v1/households/{cuong.HouseholdId}/training", new { course = "Livestream bán hàng", completedOn = "2026-06-14" }))
            .Expect(HttpStatusCode.OK);
        await cuong.LinkAsync("webhook");
        var (_, cuongListing) = await ListAsync(cuong, "ST-CUONG-1", harvestedOn: "2026-06-10");
        await OrderAsync(partner, cuongListing, "PM-2", 40_000, "2026-06-15T04:00:00Z");
        await OrderAsync(partner, anListing, "PM-3", 50_000, "2026-05-31T18:30:00Z");

        var unit = "/01/08931234567897/10/ST-AN-1/21/";
        for (var i = 0; i < 3; i++)
        {
            (await TraceSeed.Get(app.Anonymous(), unit + stamps[0])).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        app.Clock.Reset(Instant.FromUtc(2026, 6, 16, 3, 0));
        (await TraceSeed.Get(app.Anonymous(), unit + stamps[1])).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await TraceSeed.Get(app.Anonymous(), "/01/08931234567897/10/ST-AN-1", "application/json")).Expect(HttpStatusCode.OK);

        await app.CertifyAsync(an.GrowingAreaId, "VG-EXP-0731", "2026-07-31");
        await app.CertifyAsync(cuong.GrowingAreaId, "VG-LATER-2027", "2027-06-01");
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);

        var officialKey = await app.KeyAsync(new { role = "official", label = "Sở Nông nghiệp và Môi trường — IOC" });
        return new Season(app.As(officialKey), officialKey, unit + stamps[0]);
    }

    private async Task<Farm> MemberAsync(string cooperativeId, HttpClient cooperative, string communeCode, string name)
    {
        var householdId = (await (await cooperative.PostJson("/api/v1/households", new { name, phone = "0912345678", provinceCode = "31", communeCode }))
            .Expect(HttpStatusCode.Created)).Id();
        var areaId = (await (await cooperative.PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn vải", crop = "vải thiều", areaM2 = 2000, communeCode }))
            .Expect(HttpStatusCode.Created)).Id();
        return new Farm(cooperativeId, householdId, areaId, cooperative, app.As(await app.KeyAsync(new { role = "household", householdId, label = name })));
    }

    private static async Task<(JsonNode Lot, string ListingId)> ListAsync(Farm farm, string lotCode, string harvestedOn)
    {
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn, quantityKg = 500 })).Expect(HttpStatusCode.OK);
        var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            lotCode,
            packedOn = harvestedOn,
            unitCount = 100,
            netWeightGrams = 2000,
            productName = "Vải thiều Thanh Hà loại 1",
        })).Expect(HttpStatusCode.Created);
        var listing = await (await new PackedLot(farm, lot.Id(), lotCode, 100).PublishAsync(50, "webhook")).Expect(HttpStatusCode.Created);
        return (lot, listing.Id());
    }

    private static async Task OrderAsync(HttpClient partner, string listingId, string orderId, long totalVnd, string orderedAt) =>
        await (await partner.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "webhook",
            externalOrderId = orderId,
            listingId,
            quantity = 1,
            totalVnd,
            orderedAt,
        })).Expect(HttpStatusCode.Created);

    private static long[] Milestones(JsonNode households) =>
        [.. new[] { "registered", "trained", "withMarketplaceAccount", "withListings", "selling" }.Select(k => households[k]!.GetValue<long>())];

    private static (long Count, long TotalVnd) Sold(JsonNode transactions, string? marketplace = null)
    {
        var figures = marketplace is null ? transactions : transactions["byMarketplace"]![marketplace]!;
        return (figures["count"]!.GetValue<long>(), figures["totalVnd"]!.GetValue<long>());
    }

    [Fact]
    public async Task Months_count_each_milestone_and_sale_in_its_month_and_commune()
    {
        var season = await SeasonAsync();
        var stats = await (await season.Official.GetAsync($"/api/v1/stats?{MayToJune}")).Expect(HttpStatusCode.OK);

        var months = stats["months"]!.AsArray();
        months.Select(m => m!["month"]!.GetValue<string>()).Should().Equal("2026-05", "2026-06");
        Milestones(months[0]!["households"]!).Should().Equal(3, 1, 1, 1, 1);
        Milestones(months[1]!["households"]!).Should().Equal(1, 1, 1, 1, 1);
        Sold(months[0]!["transactions"]!).Should().Be((1, 100_000));
        Sold(months[0]!["transactions"]!, "webhook").Should().Be((1, 100_000));
        Sold(months[0]!["transactions"]!, "shopee").Should().Be((0, 0), "every marketplace is in the series");
        Sold(months[1]!["transactions"]!).Should().Be((2, 90_000), "the order at 01:30 on 1 June in Việt Nam is June's");

        var period = stats["period"]!;
        (period["from"]!.GetValue<string>(), period["to"]!.GetValue<string>(), period["firstMonth"]!.GetValue<string>(), period["lastMonth"]!.GetValue<string>())
            .Should().Be(("2026-05-01", "2026-06-30", "2026-05", "2026-06"));
        Milestones(period["households"]!).Should().Equal(4, 2, 2, 2, 2);
        Sold(period["transactions"]!).Should().Be((3, 190_000));

        var thanhHa = stats["byCommune"]!.AsArray().Single(c => c!["communeCode"]!.GetValue<string>() == ThanhHa)!;
        Milestones(thanhHa["households"]!).Should().Equal(2, 1, 1, 1, 1);
        Milestones(thanhHa["period"]!["households"]!).Should().Equal(2, 1, 1, 1, 1);
        Sold(thanhHa["period"]!["transactions"]!).Should().Be((2, 150_000));
        var camGiang = stats["byCommune"]!.AsArray().Single(c => c!["communeCode"]!.GetValue<string>() == CamGiang)!;
        Milestones(camGiang["period"]!["households"]!).Should().Equal(2, 1, 1, 1, 1);
        Sold(camGiang["period"]!["transactions"]!).Should().Be((1, 40_000));

        // Today's fields are as they were: the totals as they stand now.
        Milestones(stats["households"]!).Should().Equal(4, 2, 2, 2, 2);
        Sold(stats["transactions"]!).Should().Be((3, 190_000));
        stats["products"]!["listed"]!.GetValue<long>().Should().Be(2);

        // June alone, in one commune.
        var june = await (await season.Official.GetAsync($"/api/v1/stats?communeCode={CamGiang}&from=2026-06-01&to=2026-06-30")).Expect(HttpStatusCode.OK);
        june["months"]!.AsArray().Should().ContainSingle();
        Milestones(june["months"]![0]!["households"]!).Should().Equal(1, 1, 1, 1, 1);
        Sold(june["period"]!["transactions"]!).Should().Be((1, 40_000));
        june["byCommune"]!.AsArray().Should().ContainSingle();

        // A part of a month counts the whole month, and the answer says which months it counted.
        var part = await (await season.Official.GetAsync("/api/v1/stats?from=2026-05-20&to=2026-06-02")).Expect(HttpStatusCode.OK);
        (part["period"]!["firstMonth"]!.GetValue<string>(), part["period"]!["lastMonth"]!.GetValue<string>()).Should().Be(("2026-05", "2026-06"));
        part["scansByDay"]!.AsArray().Should().HaveCount(14);
    }

    [Fact]
    public async Task Scans_are_counted_per_day_and_certificates_expiring_within_60_days_are_listed_without_personal_data()
    {
        var season = await SeasonAsync();
        var stats = await (await season.Official.GetAsync($"/api/v1/stats?{MayToJune}")).Expect(HttpStatusCode.OK);
        var days = stats["scansByDay"]!.AsArray();
        days.Should().HaveCount(61, "every day of the period, zeros included");
        days.Where(d => d!["scans"]!.GetValue<long>() > 0).Select(d => (d!["date"]!.GetValue<string>(), d["scans"]!.GetValue<long>()))
            .Should().Equal(("2026-06-15", 3L), ("2026-06-16", 1L));
        var elsewhere = await (await season.Official.GetAsync($"/api/v1/stats?communeCode={CamGiang}&{MayToJune}")).Expect(HttpStatusCode.OK);
        elsewhere["scansByDay"]!.AsArray().Sum(d => d!["scans"]!.GetValue<long>()).Should().Be(0);

        // Another scan shows at once (this instance's tally is read with the written ones).
        (await TraceSeed.Get(app.Anonymous(), season.AnLotPath)).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await (await season.Official.GetAsync($"/api/v1/stats?communeCode={ThanhHa}&from=2026-06-16&to=2026-06-16")).Expect(HttpStatusCode.OK);
        again["scansByDay"]![0]!["scans"]!.GetValue<long>().Should().Be(2);

        // Written to the database (as every few seconds, and on stopping), the days count the same: nothing twice, nothing lost.
        var scanDays = app.Services.GetRequiredService<ScanDays>();
        await scanDays.FlushAsync(CancellationToken.None);
        await scanDays.FlushAsync(CancellationToken.None);
        var written = await (await season.Official.GetAsync($"/api/v1/stats?{MayToJune}")).Expect(HttpStatusCode.OK);
        written["scansByDay"]!.AsArray().Where(d => d!["scans"]!.GetValue<long>() > 0).Select(d => (d!["date"]!.GetValue<string>(), d["scans"]!.GetValue<long>()))
            .Should().Equal(("2026-06-15", 3L), ("2026-06-16", 2L));
        var writtenThanhHa = await (await season.Official.GetAsync($"/api/v1/stats?communeCode={ThanhHa}&from=2026-06-15&to=2026-06-16")).Expect(HttpStatusCode.OK);
        writtenThanhHa["scansByDay"]!.AsArray().Select(d => d!["scans"]!.GetValue<long>()).Should().Equal(3L, 2L);

        var expiring = stats["certificatesExpiring"]!;
        (expiring["from"]!.GetValue<string>(), expiring["until"]!.GetValue<string>(), expiring["count"]!.GetValue<int>()).Should().Be(("2026-06-16", "2026-08-15", 1));
        var certificate = expiring["items"]![0]!.AsObject();
        certificate.Select(p => p.Key).Should().BeEquivalentTo(["certificateNumber", "scheme", "validUntil", "status", "communeCodes"], "no holder, name or phone");
        (certificate["certificateNumber"]!.GetValue<string>(), certificate["scheme"]!.GetValue<string>(), certificate["validUntil"]!.GetValue<string>(), certificate["status"]!.GetValue<string>())
            .Should().Be(("VG-EXP-0731", "vietgap", "2026-07-31", "valid"));
        certificate["communeCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(ThanhHa);
        elsewhere["certificatesExpiring"]!["count"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task The_range_defaults_to_a_year_of_whole_months_and_is_bounded()
    {
        var season = await SeasonAsync();
        var stats = await (await season.Official.GetAsync("/api/v1/stats")).Expect(HttpStatusCode.OK);
        (stats["period"]!["from"]!.GetValue<string>(), stats["period"]!["to"]!.GetValue<string>()).Should().Be(("2025-07-01", "2026-06-16"));
        stats["months"]!.AsArray().Select(m => m!["month"]!.GetValue<string>()).Should().HaveCount(12).And.StartWith("2025-07").And.EndWith("2026-06");

        await (await season.Official.GetAsync("/api/v1/stats?from=2026-13-01")).ExpectFieldErrors("from");
        await (await season.Official.GetAsync("/api/v1/stats?from=2026-07-01&to=2026-06-01")).ExpectFieldErrors("from");
        await (await season.Official.GetAsync("/api/v1/stats?from=2025-01-01&to=2026-06-30")).ExpectFieldErrors("to");
        await (await season.Official.GetAsync("/api/v1/stats?from=2025-01-01")).ExpectFieldErrors("from");
        await (await season.Official.GetAsync("/api/v1/stats?from=2025-06-30&to=2026-06-30")).Expect(HttpStatusCode.OK);
        var unknown = await (await season.Official.GetAsync($"/api/v1/stats?commune={ThanhHa}")).ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
        unknown["errors"]!.AsObject().Select(e => e.Key).Should().Equal("commune");
        await (await season.Official.GetAsync("/api/v1/stats/scans.csv?form=2026-06-01")).ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
    }

    [Fact]
    public async Task Each_chart_downloads_as_CSV_with_Vietnamese_headers_or_English_ones_and_a_file_name()
    {
        var season = await SeasonAsync();
        var transactions = await season.Official.GetAsync($"/api/v1/stats/transactions.csv?{MayToJune}");
        transactions.StatusCode.Should().Be(HttpStatusCode.OK);
        transactions.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        var bytes = await transactions.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal([0xEF, 0xBB, 0xBF], "a byte order mark, so spreadsheet programs read UTF-8");
        var disposition = transactions.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        transactions.Content.Headers.GetValues("Content-Disposition").Single().Should().Be(
            "attachment; filename=\"giao-dich-theo-thang_2026-05-01_2026-06-30.csv\"; filename*=UTF-8''giao-d%E1%BB%8Bch-theo-th%C3%A1ng_2026-05-01_2026-06-30.csv");
        disposition.FileNameStar.Should().Be("giao-dịch-theo-tháng_2026-05-01_2026-06-30.csv");
        var lines = Lines(bytes);
        lines[0].Should().Be("Tháng,Sàn,Số giao dịch,Giá trị giao dịch (VND)");
        lines.Should().Contain("2026-05,Webhook,1,100000").And.Contain("2026-06,Webhook,2,90000").And.Contain("2026-06,Shopee,0,0").And.HaveCount(9);

        var english = await season.Official.GetAsync($"/api/v1/stats/transactions.csv?{MayToJune}&lang=en");
        Lines(await english.Content.ReadAsByteArrayAsync())[0].Should().Be("Month,Marketplace,Transactions,Transaction value (VND)");
        english.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("transactions-by-month_2026-05-01_2026-06-30.csv");

        var funnel = Lines(await (await season.Official.GetAsync($"/api/v1/stats/funnel.csv?{MayToJune}")).Content.ReadAsByteArrayAsync());
        funnel.Should().Equal(
            "Mã mốc,Mốc,Số hộ đạt trong kỳ,Số hộ đến nay", "registered,Đăng ký,4,4", "trained,Đã tập huấn,2,2",
            "account-linked,Có tài khoản sàn,2,2", "listed,Có sản phẩm niêm yết,2,2", "selling,Đã bán hàng,2,2");
        var funnelEn = Lines(await (await season.Official.GetAsync($"/api/v1/stats/funnel.csv?{MayToJune}&lang=en-US")).Content.ReadAsByteArrayAsync());
        funnelEn[0].Should().Be("Code,Milestone,Households reaching it in the period,Households so far");
        funnelEn[5].Should().Be("selling,Selling,2,2");

        var communes = await season.Official.GetAsync($"/api/v1/stats/communes.csv?communeCode={ThanhHa}&{MayToJune}");
        communes.Content.Headers.ContentDisposition!.FileNameStar.Should().Be($"thống-kê-theo-xã_xã-{ThanhHa}_2026-05-01_2026-06-30.csv");
        communes.Content.Headers.ContentDisposition!.FileName.Should().Be($"thong-ke-theo-xa_xa-{ThanhHa}_2026-05-01_2026-06-30.csv");
        var table = Lines(await communes.Content.ReadAsByteArrayAsync());
        table.Should().HaveCount(2);
        var header = table[0].Split(',');
        var row = table[1].Split(',');
        header.Should().HaveSameCount(row);
        string Cell(string column) => row[Array.IndexOf(header, column)];
        (Cell("Mã xã"), Cell("Hộ đã đăng ký"), Cell("Hộ đã bán hàng"), Cell("Giá trị giao dịch (VND)"), Cell("Số giao dịch Webhook"), Cell("Số giao dịch trong kỳ"))
            .Should().Be((ThanhHa, "2", "1", "150000", "2", "2"));
        var communesEn = Lines(await (await season.Official.GetAsync($"/api/v1/stats/communes.csv?lang=en&{MayToJune}")).Content.ReadAsByteArrayAsync());
        communesEn[0].Should().StartWith("Commune code,Commune name,Province code,Province name,Households registered,Households trained,");

        Lines(await (await season.Official.GetAsync($"/api/v1/stats/scans.csv?{MayToJune}")).Content.ReadAsByteArrayAsync())
            .Should().HaveCount(62).And.StartWith("Ngày,Lượt quét").And.Contain("2026-06-15,3");
        var certificates = await season.Official.GetAsync("/api/v1/stats/certificates.csv?lang=en");
        certificates.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("certificates-expiring_2026-06-16_2026-08-15.csv");
        Lines(await certificates.Content.ReadAsByteArrayAsync()).Should().Equal(
            "Certificate number,Scheme,Valid until,Status,Commune codes", $"VG-EXP-0731,VietGAP,2026-07-31,Valid,{ThanhHa}");

        await (await season.Official.GetAsync("/api/v1/stats/funnel.csv?lang=fr")).ExpectFieldErrors("lang");
    }

    [Fact]
    public async Task An_official_reads_statistics_and_exports_in_a_browser_session_and_writes_nothing()
    {
        var season = await SeasonAsync();
        var signIn = await app.Anonymous().PostJson("/api/v1/sessions", new { key = season.OfficialKey });
        signIn.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var cookies = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)).ToDictionary(c => c[0], c => c[1]);
        var csrf = cookies["agri_csrf"];

        // The cookies are sent as a browser sends them (the test clock's dates are in the past for a cookie jar).
        var browser = app.Anonymous();
        browser.DefaultRequestHeaders.Add("Cookie", $"agri_session={cookies["agri_session"]}; agri_csrf={csrf}");
        (await (await browser.GetAsync("/api/v1/sessions/current")).Expect(HttpStatusCode.OK))["role"]!.GetValue<string>().Should().Be("official");
        await (await browser.GetAsync($"/api/v1/stats?{MayToJune}")).Expect(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/stats/communes.csv")).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var client in new[] { season.Official, browser })
        {
            await (await client.PostJson("/api/v1/cooperatives", new { name = "HTX", provinceCode = "31", communeCode = ThanhHa }, ("X-CSRF-Token", csrf)))
                .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
            await (await client.PostJson("/api/v1/api-keys", new { role = "official", label = "another" }, ("X-CSRF-Token", csrf)))
                .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
            await (await client.GetAsync("/api/v1/households")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
            await (await client.GetAsync("/api/v1/exports/fsma204.csv?from=2026-05-01&to=2026-06-30")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        }

        (await browser.Send(HttpMethod.Delete, "/api/v1/sessions/current", null, ("X-CSRF-Token", csrf))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await browser.GetAsync("/api/v1/stats")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        // An official key carries no scope, and only an admin issues one.
        await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "official", cooperativeId = Guid.NewGuid(), label = "scoped" }))
            .ExpectFieldErrors("cooperativeId");
        var created = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "official", label = "IOC" })).Expect(HttpStatusCode.Created);
        created["role"]!.GetValue<string>().Should().Be("official");
    }

    private static List<string> Lines(byte[] bytes) =>
        [.. new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF').Split("\r\n").Where(l => l.Length > 0)];
}
