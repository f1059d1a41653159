using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.Domain.Lots;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace HaiDuong.Agri.IntegrationTests.Trace;

/// <summary>The app with a low suspicious-scan threshold and failed-lookup limit, so both can be reached in a test.</summary>
public sealed class TraceApp : AgriApp
{
    protected override async Task<string?> DatabaseAsync()
    {
        Set("Agri:Trace:SuspiciousScanCount", "45");
        Set("Agri:Trace:FailedLookupsPerMinute", "10");
        return await base.DatabaseAsync();
    }
}

public sealed partial class TracePageTests(TraceApp app) : IClassFixture<TraceApp>
{
    private Task<TracedLot> TracedAsync(int stamps = 3, string? lotCode = null) => app.TracedAsync(stamps, lotCode);

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string accept = "text/html", string? language = null) =>
        TraceSeed.Get(client, path, accept, language);

    [GeneratedRegex("""<(script|link|img)[^>]+(src|href)="https?://""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();

    [Fact]
    public async Task A_scanned_stamp_opens_a_Vietnamese_page_with_the_product_grower_dates_steps_and_certification()
    {
        var traced = await TracedAsync();
        var response = await Get(app.Anonymous(), traced.Unit());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.CacheControl!.Private.Should().BeTrue();
        var html = await response.Content.ReadAsStringAsync();
        html.Length.Should().BeLessThan(60 * 1024);
        html.Should().Contain("<html lang=\"vi\">").And.Contain("name=\"viewport\"")
            .And.Contain("Vải thiều Thanh Hà loại 1").And.Contain("Nguyễn Văn An").And.Contain("HTX Vải thiều Thanh Hà")
            .And.Contain("Vườn vải đồi Thúy Lâm").And.Contain("VN-HDTH-0012").And.Contain("03/06/2026").And.Contain("04/06/2026")
            .And.Contain("Regent 800WG").And.Contain("Thời gian cách ly 7 ngày").And.Contain("VietGAP").And.Contain("VG-TH-0042")
            .And.Contain("Mã tem hợp lệ").And.Contain("<h1>").And.Contain("\"@type\":\"Product\"").And.Contain("\"gtin14\":\"08931234567897\"");
        ExternalResource().IsMatch(html).Should().BeFalse("the page must not load anything from elsewhere");
        html.Should().NotContain("<script src");

        // A policy that runs no script at all (the JSON-LD block is data), and no sniffing or full referrers.
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        policy.Should().Contain("default-src 'none'").And.NotContain("script-src").And.NotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("strict-origin-when-cross-origin");
        var unknown = await Get(app.Anonymous(), $"/01/{TracedLot.Gtin}/10/{traced.LotCode}/21/NOTAREALSERIAL0000");
        unknown.Headers.Contains("Content-Security-Policy").Should().BeTrue("the warning page is HTML too");
        var json = await Get(app.Anonymous(), traced.Unit(), "application/json");
        json.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        json.Headers.Contains("Content-Security-Policy").Should().BeFalse();
    }

    [Fact]
    public async Task English_is_served_on_lang_en_or_when_the_browser_prefers_it()
    {
        var traced = await TracedAsync();
        var byQuery = await (await Get(app.Anonymous(), traced.Unit() + "?lang=en")).Content.ReadAsStringAsync();
        byQuery.Should().Contain("<html lang=\"en\">").And.Contain("Genuine code").And.Contain("Pre-harvest interval 7 days");
        var scans = await (await Get(app.Anonymous(), traced.Unit(), "application/json")).Expect(HttpStatusCode.OK);
        scans["scans"]!["count"]!.GetValue<long>().Should().Be(0, "neither switching the language nor the JSON view is a scan");
        var byHeader = await Get(app.Anonymous(), traced.Lot, language: "en-US,en;q=0.9,vi;q=0.5");
        byHeader.Content.Headers.ContentLanguage.Should().Contain("en");
        (await byHeader.Content.ReadAsStringAsync()).Should().Contain("Lot information");
    }

    [Fact]
    public async Task The_JSON_trace_view_carries_the_contract_fields()
    {
        var traced = await TracedAsync();
        (await Get(app.Anonymous(), traced.Unit(1))).StatusCode.Should().Be(HttpStatusCode.OK);
        var response = await Get(app.Anonymous(), traced.Unit(1), "application/json");
        var view = await response.Expect(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        view["status"]!.GetValue<string>().Should().Be("genuine");
        view["product"]!.GetValue<string>().Should().Be("Vải thiều Thanh Hà loại 1");
        view["gtin"]!.GetValue<string>().Should().Be("08931234567897");
        view["lot"]!.GetValue<string>().Should().Be(traced.LotCode);
        view["serial"]!.GetValue<string>().Should().Be(traced.Serials[1]);
        view["household"]!["name"]!.GetValue<string>().Should().Be("Nguyễn Văn An");
        view["household"]!["commune"]!.GetValue<string>().Should().Be("11059");
        view["growingArea"]!["areaCode"]!.GetValue<string>().Should().Be("VN-HDTH-0012");
        view["harvestedOn"]!.GetValue<string>().Should().Be("2026-06-03");
        view["packedOn"]!.GetValue<string>().Should().Be("2026-06-04");
        view["certifications"]![0]!["scheme"]!.GetValue<string>().Should().Be("vietgap");
        view["certifications"]![0]!["certificateNumber"]!.GetValue<string>().Should().Be("VG-TH-0042");
        var pesticide = view["steps"]!.AsArray().Single(s => s!["productName"]?.GetValue<string>() == "Regent 800WG")!;
        pesticide["preHarvestIntervalRespected"]!.GetValue<bool>().Should().BeTrue();
        view["steps"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()).Should().Equal("planting", "input", "harvest");
        view["scans"]!["count"]!.GetValue<long>().Should().Be(1);
        view["scans"]!["firstScannedAt"].Should().NotBeNull();
        view["recalled"]!.GetValue<bool>().Should().BeFalse();
        view["warnings"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_linkset_lists_the_GS1_link_types()
    {
        var traced = await TracedAsync();
        foreach (var response in new[]
        {
            await Get(app.Anonymous(), traced.Lot, "application/linkset+json"),
            await Get(app.Anonymous(), traced.Lot + "?linkType=all"),
        })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/linkset+json");
            var links = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["linkset"]![0]!;
            links["anchor"]!.GetValue<string>().Should().Be($"https://trace.example.vn{traced.Lot}");
            links["https://gs1.org/voc/pip"]![0]!["type"]!.GetValue<string>().Should().Be("text/html");
            links["https://gs1.org/voc/traceability"].Should().NotBeNull();
            links["https://gs1.org/voc/certificationInfo"].Should().NotBeNull();
        }
    }

    [Fact]
    public async Task GTIN_13_in_the_path_and_percent_encoded_lot_codes_resolve()
    {
        var traced = await TracedAsync(lotCode: "TH/26+A%1");
        var path = $"/01/8931234567897/10/TH%2F26%2BA%251/21/{traced.Serials[0]}";
        var view = await (await Get(app.Anonymous(), path, "application/json")).Expect(HttpStatusCode.OK);
        view["lot"]!.GetValue<string>().Should().Be("TH/26+A%1");
        view["gtin"]!.GetValue<string>().Should().Be("08931234567897");

        var percent = await TracedAsync(lotCode: "A%41");
        var encoded = await (await Get(app.Anonymous(), $"/01/08931234567897/10/A%2541/21/{percent.Serials[0]}", "application/json")).Expect(HttpStatusCode.OK);
        encoded["lot"]!.GetValue<string>().Should().Be("A%41", "a value is decoded once, never twice");
    }

    [Fact]
    public async Task An_unknown_serial_is_a_404_page_warning_that_the_product_may_not_be_genuine()
    {
        var traced = await TracedAsync();
        var html = await Get(app.Anonymous(), $"/01/08931234567897/10/{traced.LotCode}/21/ZZZZZZZZZZZZZZZZZ");
        html.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await html.Content.ReadAsStringAsync()).Should().Contain("không phải hàng chính hãng").And.Contain("role=\"alert\"");
        var json = await (await Get(app.Anonymous(), "/01/08931234567897/10/NOLOT/21/ABC", "application/json")).Expect(HttpStatusCode.NotFound);
        json["status"]!.GetValue<string>().Should().Be("unknown");
        json["warnings"]![0]!["code"]!.GetValue<string>().Should().Be("unknown");
        (await Get(app.Anonymous(), "/01/12345/10/X/21/Y")).StatusCode.Should().Be(HttpStatusCode.NotFound, "an invalid GTIN is just unknown");
    }

    [Fact]
    public async Task A_voided_stamp_says_so_and_a_recalled_lot_shows_the_recall_first()
    {
        var traced = await TracedAsync();
        await (await traced.Farm.Cooperative.PostJson($"/api/v1/stamps/{traced.Serials[0]}/void", new { reason = "Tem in hỏng" })).Expect(HttpStatusCode.OK);
        var voided = await Get(app.Anonymous(), traced.Unit(0));
        voided.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await voided.Content.ReadAsStringAsync()).Should().Contain("đã bị nhà sản xuất hủy");

        await using (var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(Guid.Parse(traced.LotId), new LotRecalled("Dư lượng thuốc BVTV vượt mức cho phép", AgriApp.Now));
            await session.SaveChangesAsync();
        }

        var recalled = await Get(app.Anonymous(), traced.Unit(1));
        recalled.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await recalled.Content.ReadAsStringAsync();
        html.Should().Contain("THU HỒI").And.Contain("Dư lượng thuốc BVTV vượt mức cho phép");
        html.IndexOf("THU HỒI", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("<h1>", StringComparison.Ordinal), "the recall comes before anything else");
        var json = await (await Get(app.Anonymous(), traced.Unit(1), "application/json")).Expect(HttpStatusCode.OK);
        json["recalled"]!.GetValue<bool>().Should().BeTrue();
        json["warnings"]!.AsArray().Select(w => w!["code"]!.GetValue<string>()).Should().Contain("recalled");
    }

    [Fact]
    public async Task Forty_parallel_scans_count_exactly_forty_and_HEAD_and_the_lot_page_count_nothing()
    {
        var traced = await TracedAsync();
        var scans = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Get(app.Anonymous(), traced.Unit(2))));
        scans.Select(s => s.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await app.Anonymous().Send(HttpMethod.Head, traced.Unit(2), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Lot)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stamps = await (await traced.Farm.Cooperative.GetAsync($"/api/v1/lots/{traced.LotId}/stamps")).Expect(HttpStatusCode.OK);
        stamps["items"]![2]!["scanCount"]!.GetValue<long>().Should().Be(40);
        stamps["items"]![2]!["firstScannedAt"].Should().NotBeNull();

        var next = await (await Get(app.Anonymous(), traced.Unit(2), "application/json")).Expect(HttpStatusCode.OK);
        next["scans"]!["count"]!.GetValue<long>().Should().Be(40);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.OK);
        var suspicious = await (await Get(app.Anonymous(), traced.Unit(2), "application/json")).Expect(HttpStatusCode.OK);
        suspicious["warnings"]!.AsArray().Select(w => w!["code"]!.GetValue<string>()).Should().Contain("suspicious-scans");
    }

    [Fact]
    public async Task Each_unit_page_shows_its_own_serial_link_and_count_and_pages_are_compressed()
    {
        var traced = await TracedAsync(lotCode: "TP<&>\"A");
        (await Get(app.Anonymous(), traced.Unit(0))).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await Get(app.Anonymous(), traced.Unit(0));
        second.Headers.CacheControl!.NoStore.Should().BeTrue("a unit page is nobody's to keep");
        var html = await second.Content.ReadAsStringAsync();
        html.Should().Contain(traced.Serials[0]).And.Contain("Đã quét 2 lần").And.NotContain(traced.Serials[1])
            .And.Contain($"\"url\":\"https://trace.example.vn/01/08931234567897/10/TP%3C%26%3E%22A/21/{traced.Serials[0]}\"")
            .And.Contain("<dd>TP&lt;&amp;&gt;&quot;A</dd>").And.Contain($"/21/{traced.Serials[0]}?lang=en\"");
        var other = await (await Get(app.Anonymous(), traced.Unit(1) + "?lang=en")).Content.ReadAsStringAsync();
        other.Should().Contain(traced.Serials[1]).And.Contain("This is the first scan.").And.NotContain(traced.Serials[0]);

        var compressed = await app.Anonymous().Send(HttpMethod.Get, traced.Unit(1), null, ("Accept", "text/html"), ("Accept-Encoding", "br"));
        compressed.Content.Headers.ContentEncoding.Should().Equal("br");
        var json = await app.Anonymous().Send(HttpMethod.Get, traced.Unit(1), null, ("Accept", "application/json"), ("Accept-Encoding", "gzip"));
        json.Content.Headers.ContentEncoding.Should().Equal("gzip");
    }

    [Fact]
    public async Task The_lot_page_is_cacheable_with_an_ETag()
    {
        var traced = await TracedAsync();
        var first = await Get(app.Anonymous(), traced.Lot);
        first.Headers.CacheControl!.Public.Should().BeTrue();
        first.Headers.ETag.Should().NotBeNull();
        var again = await app.Anonymous().Send(HttpMethod.Get, traced.Lot, null, ("Accept", "text/html"), ("If-None-Match", first.Headers.ETag!.Tag));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}

/// <summary>On an app of its own, so no other test's unknown codes count against the limit.</summary>
public sealed class TraceThrottlingTests(TraceApp app) : IClassFixture<TraceApp>
{
    private Task<TracedLot> TracedAsync() => app.TracedAsync();

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string accept = "text/html") => TraceSeed.Get(client, path, accept);

    [Fact]
    public async Task Guessing_serials_is_throttled_but_genuine_scans_never_are()
    {
        var traced = await TracedAsync();
        var guesser = app.Anonymous();
        for (var i = 0; i < 10; i++)
        {
            (await Get(guesser, $"/01/08931234567897/10/{traced.LotCode}/21/GUESS{i:000000000000}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        var throttled = await Get(guesser, $"/01/08931234567897/10/{traced.LotCode}/21/GUESS999999999999", "application/json");
        await throttled.ExpectProblem(HttpStatusCode.TooManyRequests, "too-many-unknown-codes");
        throttled.Headers.RetryAfter.Should().NotBeNull();

        // A shopper's browser is told in Vietnamese how long to wait.
        var page = await Get(guesser, $"/01/08931234567897/10/{traced.LotCode}/21/GUESS999999999998");
        page.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        page.Headers.RetryAfter.Should().NotBeNull();
        (await page.Content.ReadAsStringAsync()).Should().Contain("<html lang=\"vi\">").And.Contain("Vui lòng thử lại sau");
        (await Get(guesser, traced.Unit(0))).StatusCode.Should().Be(HttpStatusCode.OK, "a genuine code is answered whatever the address did before");
    }
}

/// <summary>What GS1 apps and link previews find, tried from outside: only people count, and the resolver's conformance items.</summary>
public sealed class TraceResolverTests(TraceApp app) : IClassFixture<TraceApp>
{
    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string accept = "text/html") => TraceSeed.Get(client, path, accept);

    private async Task<long> CountAsync(TracedLot traced, int stamp) =>
        (await (await traced.Farm.Cooperative.GetAsync($"/api/v1/lots/{traced.LotId}/stamps")).Expect(HttpStatusCode.OK))["items"]![stamp]!["scanCount"]!.GetValue<long>();

    [Theory]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("WhatsApp/2.23.20.0")]
    [InlineData("Mozilla/5.0 (compatible; Zalo-Crawler/1.0)")]
    public async Task A_link_preview_does_not_count_a_scan(string userAgent)
    {
        var traced = await app.TracedAsync(stamps: 1);
        var preview = await app.Anonymous().Send(HttpMethod.Get, traced.Unit(0), null, ("Accept", "text/html"), ("User-Agent", userAgent));
        preview.StatusCode.Should().Be(HttpStatusCode.OK);
        (await CountAsync(traced, 0)).Should().Be(0);
    }

    [Fact]
    public async Task Only_a_persons_page_view_counts_not_JSON_linksets_HEAD_or_a_link_type()
    {
        var traced = await app.TracedAsync(stamps: 1);
        (await Get(app.Anonymous(), traced.Unit(0), "application/json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(0), "application/linkset+json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(0) + "?linkType=all")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(app.Anonymous(), traced.Unit(0) + "?linkType=gs1:pip")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Anonymous().Send(HttpMethod.Head, traced.Unit(0), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await CountAsync(traced, 0)).Should().Be(0, "a linkset check is never the first scan");

        var person = await Get(app.Anonymous(), traced.Unit(0));
        (await person.Content.ReadAsStringAsync()).Should().Contain("Đây là lần quét đầu tiên.");
        (await CountAsync(traced, 0)).Should().Be(1);
    }

    [Fact]
    public async Task Answers_name_their_linkset_link_types_select_a_representation_and_a_404_linkset_is_a_problem()
    {
        var traced = await app.TracedAsync(stamps: 2);
        var page = await Get(app.Anonymous(), traced.Unit(0));
        page.Headers.GetValues("Link").Single().Should().Be($"<https://trace.example.vn{traced.Unit(0)}?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"");

        var linkset = JsonNode.Parse(await (await Get(app.Anonymous(), traced.Lot + "?linkType=all")).Content.ReadAsStringAsync())!["linkset"]![0]!;
        linkset["https://gs1.org/voc/defaultLink"]![0]!["type"]!.GetValue<string>().Should().Be("text/html");

        var json = await Get(app.Anonymous(), traced.Unit(0) + "?linkType=gs1:traceability");
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var html = await Get(app.Anonymous(), traced.Unit(0) + "?linkType=https://gs1.org/voc/pip", "application/json");
        html.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var certificates = await Get(app.Anonymous(), traced.Unit(0) + "?linkType=gs1:certificationInfo");
        certificates.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        certificates.Headers.Location!.ToString().Should().EndWith("#certifications");

        await (await traced.Farm.Cooperative.PostJson($"/api/v1/stamps/{traced.Serials[1]}/void", new { reason = "Tem in hỏng" })).Expect(HttpStatusCode.OK);
        var voided = await Get(app.Anonymous(), traced.Unit(1), "application/linkset+json");
        await voided.ExpectProblem(HttpStatusCode.NotFound, "no-linkset");
        voided.Headers.Contains("Link").Should().BeTrue();
    }

    [Fact]
    public async Task A_serial_without_its_lot_or_in_lower_case_finds_its_stamp()
    {
        var traced = await app.TracedAsync(stamps: 1);
        var serial = traced.Serials[0];
        var redirect = await Get(app.Anonymous(), $"/01/{TracedLot.Gtin}/21/{serial.ToLowerInvariant()}?lang=en");
        redirect.StatusCode.Should().Be(HttpStatusCode.PermanentRedirect);
        redirect.Headers.Location!.ToString().Should().Be(traced.Unit(0) + "?lang=en");
        (await Get(app.Anonymous(), $"/01/8931234567897/21/NOTASERIAL")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var lower = await (await Get(app.Anonymous(), $"/01/{TracedLot.Gtin}/10/{traced.LotCode}/21/{serial.ToLowerInvariant()}", "application/json")).Expect(HttpStatusCode.OK);
        lower["serial"]!.GetValue<string>().Should().Be(serial, "the page shows the serial as issued");
        lower["status"]!.GetValue<string>().Should().Be("genuine");
    }

    [Fact]
    public async Task A_GTIN_alone_answers_the_products_page_with_its_lots()
    {
        var traced = await app.TracedAsync(stamps: 1);
        var page = await Get(app.Anonymous(), $"/01/{TracedLot.Gtin}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Vải thiều Thanh Hà loại 1").And.Contain($"href=\"{traced.Lot}\"");
        var json = await (await Get(app.Anonymous(), "/01/8931234567897", "application/json")).Expect(HttpStatusCode.OK);
        json["gtin"]!.GetValue<string>().Should().Be(TracedLot.Gtin);
        json["lots"]!.AsArray().Select(l => l!["lot"]!.GetValue<string>()).Should().Contain(traced.LotCode);
        (await Get(app.Anonymous(), "/01/08931234567880")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CountAsync(traced, 0)).Should().Be(0, "a product page is no scan");
    }

    [Fact]
    public async Task The_landing_page_takes_a_typed_code_to_its_stamp()
    {
        var traced = await app.TracedAsync(stamps: 1);
        var form = await Get(app.Anonymous(), "/");
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        (await form.Content.ReadAsStringAsync()).Should().Contain("<form method=\"get\" action=\"/\">").And.Contain("name=\"serial\"");
        string.Join(";", form.Headers.GetValues("Content-Security-Policy")).Should().Contain("form-action 'self'").And.NotContain("script-src");

        var found = await Get(app.Anonymous(), $"/?gtin=8931234567897&serial={traced.Serials[0].ToLowerInvariant()}");
        found.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        found.Headers.Location!.ToString().Should().Be(traced.Unit(0));
        var missing = await Get(app.Anonymous(), "/?gtin=8931234567897&serial=NOSUCHSERIAL");
        missing.StatusCode.Should().Be(HttpStatusCode.OK, "the form again, with the warning");
        (await missing.Content.ReadAsStringAsync()).Should().Contain("không phải hàng chính hãng").And.Contain("value=\"NOSUCHSERIAL\"");
    }

    [Fact]
    public async Task A_recalled_lot_shows_no_green_tick_and_says_what_to_do()
    {
        var traced = await app.TracedAsync(stamps: 1);
        (await (await Get(app.Anonymous(), traced.Unit(0))).Content.ReadAsStringAsync()).Should().Contain("✓");
        await (await traced.Farm.Cooperative.PostJson($"/api/v1/lots/{traced.LotId}/recall", new { reason = "Dư lượng vượt mức" })).Expect(HttpStatusCode.OK);
        var html = await (await Get(app.Anonymous(), traced.Unit(0))).Content.ReadAsStringAsync();
        html.Should().NotContain("✓").And.Contain("THU HỒI").And.Contain("Hãy mang trả lại nơi bán");
    }
}
