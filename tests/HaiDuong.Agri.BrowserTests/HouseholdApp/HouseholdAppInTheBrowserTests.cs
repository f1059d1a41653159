using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.BrowserTests.Infrastructure;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace HaiDuong.Agri.BrowserTests.HouseholdApp;

/// <summary>
/// The household diary (<c>/app/</c>) on a 360 px phone: real Chromium, real port, the phone's clock set to the server's.
/// Signing in goes through a real sign-in code, offline is the browser's own offline mode, and what the phone says is
/// checked against what the server stored.
/// </summary>
public sealed partial class HouseholdAppInTheBrowserTests(BrowserApp app, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<BrowserApp>, IClassFixture<Chromium>
{
    private const string Household = "Nguyễn Văn An";
    private const string AllSynced = "Đã đồng bộ tất cả";
    private const string Offline = "Không có mạng — sẽ tự đồng bộ khi có sóng";
    private const int BudgetBytes = 150 * 1024;
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>Page errors and Content-Security-Policy refusals seen by any page of the test; each test ends with none.</summary>
    private readonly ConcurrentQueue<string> browserProblems = new();

    [Fact]
    public async Task A_household_signs_in_with_its_code_starts_a_batch_and_records_the_planting_online()
    {
        var farm = await app.FarmAsync();
        var (context, page) = await SignedInPhoneAsync(farm);
        await using var _ = context;

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Expect(page).Not.ToHaveURLAsync(new Regex("code="));
        await Expect(Heading(page, "Lô sản xuất của tôi")).ToBeVisibleAsync();
        await Expect(page.GetByText("Chưa có lô nào. Hãy bắt đầu lô mới.")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "batches-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "Bắt đầu lô mới" }).ClickAsync();
        await Expect(Heading(page, "Bắt đầu lô mới")).ToBeVisibleAsync();
        await page.GetByLabel("Vùng trồng").SelectOptionAsync(farm.GrowingAreaId);
        await Expect(page.GetByLabel("Cây trồng")).ToHaveValueAsync("vải thiều");
        await Expect(page.GetByLabel("Vụ (không bắt buộc)")).ToHaveValueAsync("Vụ 2026");
        await page.GetByLabel("Giống (không bắt buộc)").FillAsync("Thanh Hà");
        await ScreenshotAsync(page, "new-batch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu lô", Exact = true }).ClickAsync();

        await Expect(Heading(page, "Vải thiều — Thanh Hà")).ToBeVisibleAsync();
        var batchId = BatchIdOf(page);
        var batch = await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}")).Expect(HttpStatusCode.OK);
        batch["crop"]!.GetValue<string>().Should().Be("vải thiều");
        batch["variety"]!.GetValue<string>().Should().Be("Thanh Hà");
        batch["season"]!.GetValue<string>().Should().Be("Vụ 2026");
        await Expect(page.GetByText("Mới bắt đầu")).ToBeVisibleAsync();

        await OpenFormAsync(page, "Trồng");
        await Expect(page.GetByLabel("Ngày trồng")).ToHaveValueAsync("2026-07-01");
        await page.GetByLabel("Ngày trồng").FillAsync("2026-01-15");
        await page.GetByLabel("Nguồn giống (không bắt buộc)").FillAsync("Vườn ươm Thanh Hà");
        await ScreenshotAsync(page, "planting");
        await SaveAsync(page, batchId);

        var planting = Entries(page, "synced");
        await Expect(planting).ToHaveCountAsync(1);
        await Expect(planting).ToContainTextAsync("15/01/2026");
        await Expect(planting).ToContainTextAsync("Vườn ươm Thanh Hà");
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);
        await Expect(page.GetByText("Đã trồng", new() { Exact = true })).ToBeVisibleAsync();

        var steps = await ServerStepsAsync(farm, batchId);
        steps.Should().ContainSingle();
        steps[0]!["type"]!.GetValue<string>().Should().Be("planting");
        steps[0]!["date"]!.GetValue<string>().Should().Be("2026-01-15");
        steps[0]!["seedSource"]!.GetValue<string>().Should().Be("Vườn ươm Thanh Hà");
        await ScreenshotAsync(page, "batch");

        await page.GetByRole(AriaRole.Link, new() { Name = "Quay lại" }).ClickAsync();
        var card = page.GetByTestId("batch");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("Vải thiều — Thanh Hà");
        await Expect(card).ToContainTextAsync("Vườn vải đồi Thúy Lâm");
        await Expect(card).ToContainTextAsync("Đã trồng");
        await ScreenshotAsync(page, "batches");
        ExpectNoBrowserProblems();
    }

    [Fact]
    public async Task Steps_recorded_offline_survive_a_reload_and_sync_exactly_once_when_the_first_answer_is_lost()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var pesticide = await CataloguePesticideAsync(farm);
        var phi = pesticide["preHarvestIntervalDays"]!.GetValue<int>();
        var (context, page) = await SignedInPhoneAsync(farm);
        await using var _ = context;
        await OpenBatchAsync(page, batchId);
        await Expect(Entries(page, "synced")).ToHaveCountAsync(1);
        await ExpectReadyForOfflineAsync(page);

        await context.SetOfflineAsync(true);
        await Expect(page.GetByTestId("sync-state")).ToHaveTextAsync(Offline);

        await OpenFormAsync(page, "Phun thuốc");
        await page.GetByLabel("Thuốc bảo vệ thực vật").SelectOptionAsync(pesticide.Id());
        await Expect(page.GetByLabel("Thời gian cách ly (ngày)")).ToHaveValueAsync(phi.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("phi-info")).ToContainTextAsync($"Cách ly {phi} ngày");
        await Expect(page.GetByLabel("Ngày phun")).ToHaveValueAsync("2026-07-01");
        await page.GetByLabel("Lượng dùng").FillAsync("20");
        await ScreenshotAsync(page, "pesticide");
        await SaveAsync(page, batchId);

        await OpenFormAsync(page, "Bón phân");
        await page.GetByLabel("Tên phân bón").FillAsync("NPK Lâm Thao 16-16-8");
        await page.GetByLabel("Lượng dùng").FillAsync("2,5");
        await SaveAsync(page, batchId);

        await OpenFormAsync(page, "Tưới nước");
        await page.GetByLabel("Ghi chú (không bắt buộc)").FillAsync("Tưới gốc buổi sáng");
        await SaveAsync(page, batchId);

        await Expect(PendingCount(page)).ToHaveTextAsync("3 mục chưa đồng bộ");
        await Expect(Entries(page, "pending")).ToHaveCountAsync(3);

        // The page comes back from the service worker and the entries from IndexedDB, still without a network.
        await page.ReloadAsync();
        await Expect(Heading(page, "Vải thiều — Thanh Hà")).ToBeVisibleAsync();
        await Expect(PendingCount(page)).ToHaveTextAsync("3 mục chưa đồng bộ");
        var pending = Entries(page, "pending");
        await Expect(pending).ToHaveCountAsync(3);
        await Expect(pending.Filter(new() { HasText = pesticide["productName"]!.GetValue<string>() })).ToHaveCountAsync(1);
        await Expect(pending.Filter(new() { HasText = "NPK Lâm Thao 16-16-8" })).ToContainTextAsync("2,5 kg");
        await Expect(pending.Filter(new() { HasText = "Tưới gốc buổi sáng" })).ToContainTextAsync("Tưới nước");
        await Expect(page.GetByTestId("sync-state")).ToHaveTextAsync(Offline);
        await ScreenshotAsync(page, "offline");
        var clientStepIds = await pending.EvaluateAllAsync<string[]>("entries => entries.map(e => e.dataset.clientStepId)");
        clientStepIds.Should().HaveCount(3).And.OnlyHaveUniqueItems();

        // Back online, the upload reaches the server but its answer never reaches the phone.
        var delivered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/steps:bulk", async route =>
        {
            var response = await route.FetchAsync();
            await route.AbortAsync();
            delivered.TrySetResult(response.Status);
        });
        await context.SetOfflineAsync(false);
        (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(200);
        await Expect(page.GetByTestId("sync-state")).ToHaveTextAsync("Chưa đồng bộ được — sẽ thử lại sau");

        await ExpectServerStepsAsync(farm, batchId, total: 4, clientStepIds);
        await Expect(PendingCount(page)).ToHaveTextAsync("3 mục chưa đồng bộ");
        await Expect(Entries(page, "pending")).ToHaveCountAsync(3);

        // The next sync sends the same client step ids: the server answers "duplicate" and stores nothing twice.
        await page.UnrouteAsync("**/steps:bulk");
        await page.GetByTestId("sync-now").ClickAsync();
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);
        await Expect(Entries(page, "pending")).ToHaveCountAsync(0);
        await Expect(Entries(page, "synced")).ToHaveCountAsync(4);
        await ExpectServerStepsAsync(farm, batchId, total: 4, clientStepIds);
        var allowedFrom = AgriApp.Now.InUtc().Date.PlusDays(phi).ToString("dd'/'MM", CultureInfo.InvariantCulture);
        await Expect(page.GetByText($"Được thu hoạch từ {allowedFrom}", new() { Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "synced");
        ExpectNoBrowserProblems();
    }

    [Fact]
    public async Task A_harvest_inside_the_pre_harvest_interval_is_refused_with_its_first_allowed_date_then_corrected_or_discarded()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var (context, page) = await SignedInPhoneAsync(farm);
        await using var _ = context;
        await OpenBatchAsync(page, batchId);

        // A product typed by hand (not in the catalogue): its pre-harvest interval must then be given.
        await OpenFormAsync(page, "Phun thuốc");
        await page.GetByLabel("Thuốc bảo vệ thực vật").SelectOptionAsync("other");
        await page.GetByLabel("Tên thuốc", new() { Exact = true }).FillAsync("Sherpa 25EC");
        await page.GetByLabel("Hoạt chất (không bắt buộc)").FillAsync("Cypermethrin");
        await page.GetByLabel("Lượng dùng").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Cần điền mục này.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Thời gian cách ly (ngày)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Thời gian cách ly (ngày)").FillAsync("1");
        await Expect(page.GetByTestId("phi-info")).ToHaveTextAsync("Cách ly 1 ngày — được thu hoạch từ 02/07/2026");
        await SaveAsync(page, batchId);
        await Expect(Entries(page, "synced", type: "input")).ToContainTextAsync("Sherpa 25EC (Cypermethrin) · 15 ml");
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);

        // Harvest today, inside the interval: the server refuses, the phone keeps it and says why.
        await OpenFormAsync(page, "Thu hoạch");
        await page.GetByLabel("Sản lượng").FillAsync("1,2");
        await page.GetByLabel("Đơn vị").SelectOptionAsync("tạ");
        await ScreenshotAsync(page, "harvest");
        await SaveAsync(page, batchId);
        var refused = Entries(page, "rejected");
        await Expect(refused).ToHaveCountAsync(1);
        await Expect(refused.GetByTestId("reason")).ToHaveTextAsync(
            "Chưa hết thời gian cách ly của Sherpa 25EC (phun ngày 01/07/2026, cách ly 1 ngày): được thu hoạch từ ngày 02/07/2026.");
        await Expect(refused).ToContainTextAsync("120 kg");
        await Expect(PendingCount(page)).ToHaveTextAsync("1 mục chưa đồng bộ");
        await Expect(page.GetByText("1 mục bị từ chối — cần sửa hoặc bỏ")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "refused");
        (await ServerStepsAsync(farm, batchId)).Where(s => s!["type"]!.GetValue<string>() == "harvest").Should().BeEmpty();

        // "Bỏ" asks first; keeping it changes nothing.
        await refused.GetByRole(AriaRole.Button, new() { Name = "Bỏ" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Bỏ mục này?");
        await ScreenshotAsync(page, "discard-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Giữ lại" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Entries(page, "rejected")).ToHaveCountAsync(1);

        // "Sửa" reopens the entry; moved to the first allowed date it is saved as a new entry and accepted.
        var refusedId = await refused.GetAttributeAsync("data-client-step-id");
        await refused.GetByRole(AriaRole.Link, new() { Name = "Sửa" }).ClickAsync();
        await Expect(Heading(page, "Thu hoạch")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Sản lượng")).ToHaveValueAsync("1,2");
        await Expect(page.GetByLabel("Đơn vị")).ToHaveValueAsync("tạ");
        await Expect(page.GetByText("được thu hoạch từ ngày 02/07/2026")).ToBeVisibleAsync();
        await page.GetByLabel("Ngày thu hoạch").FillAsync("2026-07-02");
        await ScreenshotAsync(page, "correcting");
        await SaveAsync(page, batchId);
        var harvest = Entries(page, "synced", type: "harvest");
        await Expect(harvest).ToHaveCountAsync(1);
        await Expect(harvest).ToContainTextAsync("02/07/2026");
        await Expect(Entries(page, "rejected")).ToHaveCountAsync(0);
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);
        var harvests = (await ServerStepsAsync(farm, batchId)).Where(s => s!["type"]!.GetValue<string>() == "harvest").ToList();
        harvests.Should().ContainSingle();
        harvests[0]!["date"]!.GetValue<string>().Should().Be("2026-07-02");
        harvests[0]!["quantityKg"]!.GetValue<decimal>().Should().Be(120m);
        harvests[0]!["clientStepId"]!.GetValue<string>().Should().NotBe(refusedId, "a corrected entry is a new entry");

        // Another harvest dated today is refused again; discarding it (after the question) leaves nothing behind.
        await OpenFormAsync(page, "Thu hoạch");
        await page.GetByLabel("Sản lượng").FillAsync("50");
        await SaveAsync(page, batchId);
        await Expect(Entries(page, "rejected")).ToHaveCountAsync(1);
        await Entries(page, "rejected").GetByRole(AriaRole.Button, new() { Name = "Bỏ" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Bỏ mục này" }).ClickAsync();
        await Expect(Entries(page, "rejected")).ToHaveCountAsync(0);
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);
        await Expect(page.GetByText("1 mục bị từ chối — cần sửa hoặc bỏ")).ToBeHiddenAsync();
        (await ServerStepsAsync(farm, batchId)).Count(s => s!["type"]!.GetValue<string>() == "harvest").Should().Be(1);
        await ScreenshotAsync(page, "corrected");
        ExpectNoBrowserProblems();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_and_keeps_unsynced_entries_for_the_next_sign_in()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var (context, page) = await SignedInPhoneAsync(farm);
        await using var _ = context;
        var session = (await context.CookiesAsync()).Single(c => c.Name == "agri_session");
        session.HttpOnly.Should().BeTrue("scripts must never read the session cookie");
        (await CurrentSessionWithCookieAsync(session.Value)).Should().Be(HttpStatusCode.OK);

        // An entry that cannot reach the server yet.
        await page.RouteAsync("**/steps:bulk", route => route.AbortAsync());
        await OpenBatchAsync(page, batchId);
        await OpenFormAsync(page, "Việc khác");
        await page.GetByLabel("Loại việc").SelectOptionAsync("weeding");
        await page.GetByLabel("Ghi chú (không bắt buộc)").FillAsync("Làm cỏ quanh gốc");
        await SaveAsync(page, batchId);
        await Expect(PendingCount(page)).ToHaveTextAsync("1 mục chưa đồng bộ");

        await page.GetByRole(AriaRole.Link, new() { Name = "Quay lại" }).ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Còn 1 mục chưa đồng bộ");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();

        await Expect(Heading(page, "Đăng nhập")).ToBeVisibleAsync();
        await Expect(page.GetByText("Đã đăng xuất.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Mã đăng nhập" })).ToBeVisibleAsync();
        await Expect(page.Locator("header").GetByText(Household)).ToBeHiddenAsync();
        (await CurrentSessionWithCookieAsync(session.Value)).Should().Be(HttpStatusCode.Unauthorized);
        await ScreenshotAsync(page, "sign-in");
        await page.ReloadAsync();
        await Expect(Heading(page, "Đăng nhập")).ToBeVisibleAsync();

        // A wrong code is refused with the cooperative's advice; a new code signs in and the kept entry syncs.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Mã đăng nhập" }).FillAsync("ABCD-EFGH-JKMN-PQRS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Mã đăng nhập không đúng, đã dùng hoặc đã hết hạn. Hãy xin hợp tác xã mã mới.");
        await ScreenshotAsync(page, "sign-in-refused");

        await page.UnrouteAsync("**/steps:bulk");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Mã đăng nhập" }).FillAsync(await SignInCodeAsync(farm));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await Expect(page.Locator("header").GetByText(Household)).ToBeVisibleAsync();
        await Expect(PendingCount(page)).ToHaveTextAsync(AllSynced);
        var steps = await ServerStepsAsync(farm, batchId);
        steps.Where(s => s!["kind"]?.GetValue<string>() == "weeding").Should().ContainSingle()
            .Which!["notes"]!.GetValue<string>().Should().Be("Làm cỏ quanh gốc");
        ExpectNoBrowserProblems();
    }

    [Fact]
    public async Task The_shell_opens_offline_after_the_first_visit_fits_a_360_px_phone_and_stays_within_the_byte_budget()
    {
        var farm = await app.FarmAsync();
        await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var code = await SignInCodeAsync(farm);
        await using var context = await PhoneAsync();
        var page = await NewPageAsync(context);
        var responses = new ConcurrentQueue<IResponse>();
        page.Response += (_, response) => responses.Enqueue(response);

        await page.GotoAsync($"{app.BaseUrl}/app/#code={Uri.EscapeDataString(code)}");
        await Expect(page.Locator("header").GetByText(Household)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("batch")).ToHaveCountAsync(1);
        await ExpectReadyForOfflineAsync(page);
        await Expect(page.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", "/app/manifest.webmanifest");

        // What the first visit cost: every response the page received, plus the service worker's own copy of the shell.
        long pageBytes = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            pageBytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        var shellBytes = await ShellBytesAsync();
        output.WriteLine($"First load: {responses.Count} responses to the page, {pageBytes} bytes; the shell the service worker keeps: {shellBytes} bytes.");
        pageBytes.Should().BeLessThan(BudgetBytes);
        (pageBytes + shellBytes).Should().BeLessThan(BudgetBytes, "even a service worker that downloads the whole shell again keeps the first visit within budget");

        await ExpectNoHorizontalScrollAsync(page);
        (await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.body).fontSize)")).Should().BeGreaterThanOrEqualTo(18);

        // The language switch is kept on the phone.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Heading(page, "My batches")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(Heading(page, "My batches")).ToBeVisibleAsync();
        await Expect(PendingCount(page)).ToHaveTextAsync("Everything is synced");
        await ScreenshotAsync(page, "batches-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");

        // Offline, a new page of the same phone opens the app from the service worker's cache.
        await context.SetOfflineAsync(true);
        var offline = await NewPageAsync(context);
        await offline.GotoAsync($"{app.BaseUrl}/app/");
        await Expect(Heading(offline, "Lô sản xuất của tôi")).ToBeVisibleAsync();
        await Expect(offline.Locator("header").GetByText(Household)).ToBeVisibleAsync();
        await Expect(offline.GetByTestId("batch")).ToHaveCountAsync(1);
        await Expect(offline.GetByTestId("sync-state")).ToHaveTextAsync(Offline);
        await Expect(offline.GetByText("Đang xem dữ liệu lưu trên máy (không có mạng).")).ToBeVisibleAsync();
        await ScreenshotAsync(offline, "offline-shell");

        // Starting a batch needs the network, and the app says so.
        await offline.GetByRole(AriaRole.Link, new() { Name = "Bắt đầu lô mới" }).ClickAsync();
        await Expect(offline.GetByText("Cần có mạng để bắt đầu lô mới. Hãy thử lại khi có sóng.").First).ToBeVisibleAsync();
        ExpectNoBrowserProblems();
    }

    [Fact]
    public async Task The_service_worker_cache_is_named_after_the_shell_it_holds_so_every_change_reaches_the_phones()
    {
        using var client = app.Anonymous();
        var worker = await client.GetStringAsync("/app/sw.js");
        var shell = ShellOf(worker);
        shell.Should().Contain(["/app/", "/app/app.js", "/app/app.css", "/app/manifest.webmanifest", "/app/icon-192.png", "/app/icon-512.png"]);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var url in shell)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(url));
            sha.AppendData(await client.GetByteArrayAsync(url));
        }

        var expected = "agri-app-" + Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
        CacheName().Match(worker).Groups[1].Value.Should().Be(
            expected, "a phone keeps serving its cached shell until the cache name changes: set VERSION in sw.js to '{0}'", expected);

        var manifest = JsonNode.Parse(await client.GetStringAsync("/app/manifest.webmanifest"))!;
        manifest["name"]!.GetValue<string>().Should().Be("Nhật ký nông hộ");
        manifest["short_name"]!.GetValue<string>().Should().Be("Nhật ký");
        manifest["start_url"]!.GetValue<string>().Should().Be("/app/");
        manifest["scope"]!.GetValue<string>().Should().Be("/app/");
        manifest["display"]!.GetValue<string>().Should().Be("standalone");
        manifest["lang"]!.GetValue<string>().Should().Be("vi");
        manifest["icons"]!.AsArray().Select(i => i!["sizes"]!.GetValue<string>()).Should().Contain(["192x192", "512x512", "any"]);
    }

    // ---------- the phone ----------

    private async Task<IBrowserContext> PhoneAsync()
    {
        SetDefaultExpectTimeout(20_000);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 780 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        context.SetDefaultTimeout(30_000);

        // The server's clock is a FakeClock at AgriApp.Now; the phone's "today" must be the server's today.
        await context.Clock.SetFixedTimeAsync(AgriApp.Now.ToDateTimeUtc());
        return context;
    }

    private async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => browserProblems.Enqueue($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                browserProblems.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    private void ExpectNoBrowserProblems() => browserProblems.Should().BeEmpty("the app runs under its CSP without script errors");

    /// <summary>A phone that opened the sign-in card's link (<c>/app/#code=…</c>) and is signed in as the household.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SignedInPhoneAsync(Farm farm)
    {
        var code = await SignInCodeAsync(farm);
        var context = await PhoneAsync();
        var page = await NewPageAsync(context);
        await page.GotoAsync($"{app.BaseUrl}/app/#code={Uri.EscapeDataString(code)}");
        await Expect(page.Locator("header").GetByText(Household)).ToBeVisibleAsync();
        await Expect(Heading(page, "Lô sản xuất của tôi")).ToBeVisibleAsync();
        return (context, page);
    }

    private static async Task<string> SignInCodeAsync(Farm farm)
    {
        var card = await (await farm.Cooperative.PostJson($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", new { }))
            .Expect(HttpStatusCode.Created);
        return card["code"]!.GetValue<string>();
    }

    private async Task<HttpStatusCode> CurrentSessionWithCookieAsync(string session)
    {
        using var client = app.Anonymous();
        using var response = await client.Send(HttpMethod.Get, "/api/v1/sessions/current", null, ("Cookie", $"agri_session={session}"));
        return response.StatusCode;
    }

    /// <summary>The service worker is active (the shell is cached) and the inputs catalogue is on the phone.</summary>
    private static Task ExpectReadyForOfflineAsync(IPage page) =>
        Expect(page.Locator("html")).ToHaveAttributeAsync("data-offline-ready", "true");

    /// <summary>The bytes (uncompressed) of the service worker and every file it precaches.</summary>
    private async Task<long> ShellBytesAsync()
    {
        using var client = app.Anonymous();
        var worker = await client.GetStringAsync("/app/sw.js");
        long total = Encoding.UTF8.GetByteCount(worker);
        foreach (var url in ShellOf(worker))
        {
            using var response = await client.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} is in the service worker's shell", url);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        return total;
    }

    /// <summary>The files the service worker precaches: its <c>SHELL</c> list, in order.</summary>
    private static List<string> ShellOf(string worker)
    {
        var list = ShellList().Match(worker);
        list.Success.Should().BeTrue("sw.js declares its precached files as const SHELL = [...]");
        return [.. ShellFile().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"const SHELL = \[(.*?)\];", RegexOptions.Singleline)]
    private static partial Regex ShellList();

    [GeneratedRegex("'(/app/[^']*)'")]
    private static partial Regex ShellFile();

    [GeneratedRegex("const VERSION = '([^']*)';")]
    private static partial Regex CacheName();

    // ---------- screens ----------

    private static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    private static ILocator PendingCount(IPage page) => page.GetByTestId("pending-count");

    /// <summary>The diary's entries with the status <c>pending</c>, <c>rejected</c> or <c>synced</c> (and of a step type).</summary>
    private static ILocator Entries(IPage page, string status, string? type = null) =>
        page.Locator($"[data-testid=entry][data-status={status}]" + (type is null ? "" : $"[data-type={type}]"));

    private static string BatchIdOf(IPage page) => BatchRoute().Match(page.Url).Groups[1].Value;

    [GeneratedRegex("#/b/([0-9a-fA-F-]{36})")]
    private static partial Regex BatchRoute();

    private static async Task OpenBatchAsync(IPage page, string batchId)
    {
        await page.Locator($"[data-testid=batch][data-batch-id='{batchId}']").ClickAsync();
        await Expect(Heading(page, "Vải thiều — Thanh Hà")).ToBeVisibleAsync();
    }

    private static async Task OpenFormAsync(IPage page, string form)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = form, Exact = true }).ClickAsync();
        await Expect(Heading(page, form)).ToBeVisibleAsync();
    }

    /// <summary>Saves the open form: the entry is kept on the phone at once and the app goes back to the batch.</summary>
    private static async Task SaveAsync(IPage page, string batchId)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/b/{batchId}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nhật ký của lô" })).ToBeVisibleAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        await Expect(page.Locator("#toast")).ToBeHiddenAsync();
        await ExpectNoHorizontalScrollAsync(page);
        await ExpectLargeTouchTargetsAsync(page);
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, $"household-app-{name}.png");
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var file = new FileInfo(path);
        file.Exists.Should().BeTrue();
        file.Length.Should().BeGreaterThan(5_000, "a screenshot of {0} is not a blank image", name);
    }

    private static async Task ExpectNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "the page must fit the phone's width without scrolling sideways");
    }

    /// <summary>Every visible control is at least 48 × 48 CSS pixels.</summary>
    private static async Task ExpectLargeTouchTargetsAsync(IPage page)
    {
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, a, input, select, textarea, summary')]
              .filter(e => e.getClientRects().length && !e.closest('.skip, [hidden]'))
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.height < 48 || r.width < 48)
              .map(([e, r]) => `${e.tagName} "${(e.textContent || e.id).trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`)
            """);
        small.Should().BeEmpty("touch targets must be at least 48 px for older farmers' fingers");
    }

    private static async Task<JsonArray> ServerStepsAsync(Farm farm, string batchId)
    {
        var timeline = await (await farm.Household.GetAsync($"/api/v1/batches/{batchId}/timeline")).Expect(HttpStatusCode.OK);
        return timeline["steps"]!.AsArray();
    }

    /// <summary>The server holds <paramref name="total"/> steps, each of <paramref name="clientStepIds"/> exactly once.</summary>
    private static async Task ExpectServerStepsAsync(Farm farm, string batchId, int total, IEnumerable<string> clientStepIds)
    {
        var steps = await ServerStepsAsync(farm, batchId);
        steps.Should().HaveCount(total);
        var stored = steps.Select(s => s!["clientStepId"]?.GetValue<string>()).ToList();
        foreach (var id in clientStepIds)
        {
            stored.Count(s => s == id).Should().Be(1, "client step {0} is stored once", id);
        }
    }

    /// <summary>A pesticide of the inputs catalogue with a pre-harvest interval (one for lychee when there is one).</summary>
    private static async Task<JsonNode> CataloguePesticideAsync(Farm farm)
    {
        var catalogue = await (await farm.Household.GetAsync("/api/v1/inputs?kind=pesticide")).Expect(HttpStatusCode.OK);
        var withInterval = catalogue["items"]!.AsArray()
            .Where(i => i!["preHarvestIntervalDays"]?.GetValue<int>() > 0)
            .ToList();
        withInterval.Should().NotBeEmpty("the catalogue lists pesticides with their pre-harvest intervals");
        return withInterval.FirstOrDefault(i => i!["crops"]?.AsArray().Any(c => c?.GetValue<string>() == "vải thiều") == true)
            ?? withInterval[0]!;
    }
}
