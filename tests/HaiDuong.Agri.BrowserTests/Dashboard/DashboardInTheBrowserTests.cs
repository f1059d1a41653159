using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.BrowserTests.Infrastructure;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;
using Microsoft.Playwright;
using NodaTime;
using static Microsoft.Playwright.Assertions;

namespace HaiDuong.Agri.BrowserTests.Dashboard;

/// <summary>
/// The province dashboard on an office screen (1440×900): real Chromium, real port, signed in as an official through
/// <c>POST /api/v1/sessions</c> in the browser's own context; what it draws is checked against <c>GET /api/v1/stats</c>.
/// </summary>
public sealed class DashboardInTheBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>, IClassFixture<Chromium>
{
    private const string ThanhHa = "10813";
    private const string HaTay = "10846";
    private const string TueTinh = "10909";
    private const string From = "2026-01-01";
    private const string To = "2026-12-31";
    private const string CertificateNumber = "VietGAP-TT-2026-0042";
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
    private static Task<string>? seeded;

    /// <summary>Page errors and Content-Security-Policy refusals the pages met (the stylesheet, the form); each test ends with none.</summary>
    private readonly ConcurrentQueue<string> browserProblems = new();

    private Task<string> OfficialKeyAsync() => seeded ??= SeedAsync();

    /// <summary>
    /// A season in three communes of a register for province 31: Thanh Hà (An sells twice on Shopee-less webhook, Bình only
    /// registered), Hà Tây (Cường sells once, Dung registered), Tuệ Tĩnh (Em registered); An's stamps are scanned. The
    /// server's clock is today's, so the browser keeps the session's cookie (it expires in hours).
    /// </summary>
    private async Task<string> SeedAsync()
    {
        app.Clock.Reset(SystemClock.Instance.GetCurrentInstant());
        var admin = app.Admin();
        await (await admin.PostJson("/api/v1/regions", new
        {
            provinceCode = "31",
            name = "Thành phố Hải Phòng",
            source = "test data (names of the shipped register)",
            communes = new[]
            {
                new { code = ThanhHa, name = "Xã Thanh Hà", kind = "commune" },
                new { code = HaTay, name = "Xã Hà Tây", kind = "commune" },
                new { code = TueTinh, name = "Xã Tuệ Tĩnh", kind = "commune" },
            },
        })).Expect(HttpStatusCode.Created);
        var cooperativeId = (await (await admin.PostJson("/api/v1/cooperatives", new { name = "HTX Vải thiều Thanh Hà", provinceCode = "31", communeCode = ThanhHa }))
            .Expect(HttpStatusCode.Created)).Id();
        var cooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId, label = "HTX" }));
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));

        var an = await MemberAsync(cooperativeId, cooperative, ThanhHa, "Nguyễn Văn An");
        await MemberAsync(cooperativeId, cooperative, ThanhHa, "Trần Thị Bình");
        var cuong = await MemberAsync(cooperativeId, cooperative, HaTay, "Lê Văn Cường");
        await MemberAsync(cooperativeId, cooperative, HaTay, "Phạm Thị Dung");
        await MemberAsync(cooperativeId, cooperative, TueTinh, "Vũ Văn Em");
        await (await cooperative.PostJson($"/api/v1/households/{an.HouseholdId}/training", new { course = "Bán hàng trên sàn", completedOn = "2026-03-05" }))
            .Expect(HttpStatusCode.OK);

        var anLot = await SellingAsync(an);
        var anListing = await ListingAsync(anLot);
        await OrderAsync(partner, anListing, "PM-1", 2, 90_000, "2026-05-10T03:30:00Z");
        await OrderAsync(partner, anListing, "PM-2", 3, 1_350_000, "2026-06-20T03:30:00Z");
        var cuongListing = await ListingAsync(await SellingAsync(cuong));
        await OrderAsync(partner, cuongListing, "PM-3", 1, 45_000, "2026-06-21T04:00:00Z");

        var serials = (await (await cooperative.PostJson($"/api/v1/lots/{anLot.LotId}/stamps", new { count = 3 })).Expect(HttpStatusCode.Created))["serials"]!
            .AsArray().Select(s => s!.GetValue<string>()).ToList();
        foreach (var serial in serials.Concat(serials.Take(1)))
        {
            (await TraceSeed.Get(app.Anonymous(), $"/01/08931234567897/10/{anLot.LotCode}/21/{serial}")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await app.CertifyAsync(an.GrowingAreaId, CertificateNumber, FieldToday().PlusDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        return await app.KeyAsync(new { role = "official", label = "Sở Nông nghiệp và Môi trường — IOC" });
    }

    /// <summary>Today in Việt Nam, by the server's clock.</summary>
    private LocalDate FieldToday() => app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"]).Date;

    private async Task<Farm> MemberAsync(string cooperativeId, HttpClient cooperative, string communeCode, string name)
    {
        var householdId = (await (await cooperative.PostJson("/api/v1/households", new { name, phone = "0912345678", provinceCode = "31", communeCode, cooperativeId }))
            .Expect(HttpStatusCode.Created)).Id();
        var areaId = (await (await cooperative.PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn vải", crop = "vải thiều", areaM2 = 2000, communeCode }))
            .Expect(HttpStatusCode.Created)).Id();
        return new Farm(cooperativeId, householdId, areaId, cooperative, app.As(await app.KeyAsync(new { role = "household", householdId, label = name })));
    }

    private async Task<PackedLot> SellingAsync(Farm farm)
    {
        await farm.LinkAsync("webhook");
        return await app.PackedLotAsync(farm: farm);
    }

    private static async Task<string> ListingAsync(PackedLot lot) => (await (await lot.PublishAsync(50, "webhook")).Expect(HttpStatusCode.Created)).Id();

    private static async Task OrderAsync(HttpClient partner, string listingId, string orderId, int quantity, long totalVnd, string orderedAt) =>
        await (await partner.PostJson("/api/v1/marketplace/orders", new { marketplace = "webhook", externalOrderId = orderId, listingId, quantity, totalVnd, orderedAt }))
            .Expect(HttpStatusCode.Created);

    /// <summary>An office screen, signed in as the official: the session's cookies land in this browser context.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SignedInAsync(string key)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "vi-VN",
            BaseURL = app.BaseUrl,
        });
        var signIn = await context.APIRequest.PostAsync($"{app.BaseUrl}/api/v1/sessions", new APIRequestContextOptions { DataObject = new { key } });
        signIn.Status.Should().Be(204, await signIn.TextAsync());
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => browserProblems.Enqueue("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused", StringComparison.Ordinal))
            {
                browserProblems.Enqueue("console: " + message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "stylesheet" && response.Status is not (200 or 304))
            {
                browserProblems.Enqueue($"stylesheet {response.Url}: {response.Status}");
            }
        };
        return (context, page);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        new FileInfo(path).Length.Should().BeGreaterThan(20_000, "a full-page screenshot of the dashboard is not a blank image");
    }

    private static ILocator Bar(IPage page, string chart, string category, string series) =>
        page.Locator($"svg[data-chart=\"{chart}\"] rect[data-category=\"{category}\"][data-series=\"{series}\"]");

    private static long Long(JsonNode node) => node.GetValue<long>();

    [Fact]
    public async Task An_official_filters_to_one_commune_and_sees_the_statistics_figures_in_the_charts_and_the_CSV()
    {
        var key = await OfficialKeyAsync();
        var (context, page) = await SignedInAsync(key);
        await using var _ = context;

        var opened = await page.GotoAsync("/dashboard");
        opened!.Status.Should().Be(200);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thương mại điện tử nông sản — toàn tỉnh");
        await Expect(page.Locator("svg[data-chart]")).ToHaveCountAsync(6);
        await ScreenshotAsync(page, "dashboard-province.png");

        // Filter through the form, as an official does: a commune from the register's names, and the year.
        await page.GetByLabel("Xã, phường").SelectOptionAsync(new SelectOptionValue { Label = $"Xã Thanh Hà ({ThanhHa})" });
        await page.GetByLabel("Từ ngày").FillAsync(From);
        await page.GetByLabel("Đến ngày").FillAsync(To);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/dashboard?communeCode={ThanhHa}&from={From}&to={To}");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Thương mại điện tử nông sản — Xã Thanh Hà ({ThanhHa})");

        // The same figures the API gives for that commune and period, read by the same browser (its session).
        var answer = await context.APIRequest.GetAsync($"{app.BaseUrl}/api/v1/stats?communeCode={ThanhHa}&from={From}&to={To}");
        answer.Status.Should().Be(200);
        var stats = JsonNode.Parse(await answer.TextAsync())!;
        var selling = Long(stats["households"]!["selling"]!);
        var registered = Long(stats["households"]!["registered"]!);
        var periodRegistered = Long(stats["period"]!["households"]!["registered"]!);
        var periodOrders = Long(stats["period"]!["transactions"]!["count"]!);
        var periodValue = Long(stats["period"]!["transactions"]!["totalVnd"]!);
        (selling, registered, periodOrders, periodValue).Should().Be((1L, 2L, 2L, 1_440_000L), "the seed sold twice in Thanh Hà");

        var sold = Bar(page, "funnel", "Đã bán hàng", "Đến nay");
        await Expect(sold).ToHaveAttributeAsync("data-value", selling.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(sold.Locator("title")).ToHaveTextAsync($"Đã bán hàng — Đến nay: {selling}");
        await Expect(Bar(page, "funnel", "Đăng ký", "Trong kỳ")).ToHaveAttributeAsync("data-value", periodRegistered.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Bar(page, "transactions-by-commune", "Xã Thanh Hà", "Trong kỳ")).ToHaveAttributeAsync("data-value", periodOrders.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-figure=period-value]")).ToHaveTextAsync("1.440.000 ₫");
        var june = page.Locator("svg[data-chart=\"value-by-month\"] g[data-series=\"Webhook\"] circle[data-category=\"06/2026\"]");
        await Expect(june).ToHaveAttributeAsync("data-value", "1350000");
        await Expect(june.Locator("title")).ToHaveTextAsync("Webhook, 06/2026: 1.350.000 ₫");
        await Expect(page.Locator("svg[data-chart=\"funnel\"] title").First).ToHaveTextAsync("Phễu tham gia thương mại điện tử (số hộ)");

        // The data table beside the chart says the same.
        var soldRow = page.Locator("table tr", new() { Has = page.Locator("th", new() { HasTextString = "Đã bán hàng" }) }).First;
        await Expect(soldRow.Locator("td").Nth(1)).ToHaveTextAsync(selling.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ScreenshotAsync(page, "dashboard.png");

        // The chart's CSV, downloaded from its link: the same commune and period, the same figures.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Tải CSV phễu tham gia" });
        await Expect(link).ToHaveAttributeAsync("href", $"/api/v1/stats/funnel.csv?communeCode={ThanhHa}&from={From}&to={To}");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        download.SuggestedFilename.Should().EndWith($"_xã-{ThanhHa}_{From}_{To}.csv");
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        rows[0].Should().Equal("Mã mốc", "Mốc", "Số hộ đạt trong kỳ", "Số hộ đến nay");
        rows.Should().ContainEquivalentOf(new[] { "selling", "Đã bán hàng", Long(stats["period"]!["households"]!["selling"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), selling.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        rows.Should().ContainEquivalentOf(new[] { "registered", "Đăng ký", periodRegistered.ToString(System.Globalization.CultureInfo.InvariantCulture), registered.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // The certificate about to expire, in the table (the commune by its name).
        var certificate = page.Locator("table[data-table=certificates] tbody tr");
        await Expect(certificate).ToHaveCountAsync(1);
        await Expect(certificate).ToContainTextAsync(CertificateNumber);
        await Expect(certificate).ToContainTextAsync($"Xã Thanh Hà ({ThanhHa})");
        await Expect(certificate).ToContainTextAsync(FieldToday().PlusDays(30).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));

        var communes = page.GetByRole(AriaRole.Link, new() { Name = "Tải CSV theo xã" });
        var communesCsv = await page.RunAndWaitForDownloadAsync(() => communes.ClickAsync());
        var communeRows = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await communesCsv.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        communeRows.Should().HaveCount(2).And.Contain(r => r.StartsWith($"{ThanhHa},Xã Thanh Hà,31,", StringComparison.Ordinal));

        browserProblems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_date_is_explained_in_Vietnamese_next_to_the_field_and_a_tablet_needs_no_sideways_scrolling()
    {
        var key = await OfficialKeyAsync();
        var (context, page) = await SignedInAsync(key);
        await using var _ = context;

        var response = await page.GotoAsync($"/dashboard?communeCode={HaTay}&from=2026-06-30&to=2026-06-01");
        response!.Status.Should().Be(400);
        var error = page.Locator("#from-error");
        await Expect(error).ToHaveTextAsync("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc (01/06/2026).");
        await Expect(page.GetByLabel("Từ ngày")).ToHaveAttributeAsync("aria-describedby", "from-error");
        await Expect(page.GetByLabel("Xã, phường")).ToHaveValueAsync(HaTay);
        await ScreenshotAsync(page, "dashboard-invalid.png");

        // Keyboard only: the skip link, then signing out in the header, then the filters, in order.
        await page.GotoAsync("/dashboard");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Xã, phường")).ToBeFocusedAsync();

        await page.SetViewportSizeAsync(820, 1180);
        await page.ReloadAsync();
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "a tablet shows the dashboard without scrolling sideways");
        await ScreenshotAsync(page, "dashboard-tablet.png");
        browserProblems.Should().BeEmpty();
    }
}
