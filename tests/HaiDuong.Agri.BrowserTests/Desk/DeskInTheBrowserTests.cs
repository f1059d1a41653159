using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.BrowserTests.Infrastructure;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.UnitTests.Labels;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace HaiDuong.Agri.BrowserTests.Desk;

/// <summary>
/// The cooperative desk in a desktop Chromium (1366 × 900): signing in with the office's key, registering a member,
/// packing a harvest, issuing stamps, downloading the label sheet and reading a QR code back from it, and seeing a
/// marketplace's refusal in plain words and retrying it — all against the real app and fake marketplaces on loopback.
/// Screenshots of each page go to <c>screenshots/</c> beside the test assembly (README's docs/screenshots/desk.png is
/// desk-listings-refused.png, copied by hand when the page changes).
/// </summary>
public sealed class DeskInTheBrowserTests(DeskBrowserApp app, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<DeskBrowserApp>, IClassFixture<Chromium>
{
    private const string Commune = "10813";
    private const string Gtin = "8931234567897";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly List<string> browserProblems = [];

    [Fact]
    public async Task An_office_signs_in_registers_a_member_packs_a_harvest_prints_its_labels_and_retries_a_refused_sync()
    {
        var (cooperativeId, key, office) = await CooperativeAsync("HTX Nông nghiệp Thanh Hà");
        await using var context = await DesktopAsync();
        var page = await NewPageAsync(context);

        // Signing in: the desk sends a browser without a session to the sign-in page and back.
        await page.GotoAsync($"{app.BaseUrl}/desk/harvests");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?ended=true&returnUrl=%2Fdesk%2Fharvests$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await page.GetByLabel("Khoá truy cập").FillAsync("agri_not_the_key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(page.GetByText("Khoá không đúng, đã bị thu hồi hoặc hết hạn")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "sign-in");
        await page.GetByLabel("Khoá truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/desk/harvests");
        await Expect(page.GetByText("HTX Nông nghiệp Thanh Hà")).ToBeVisibleAsync();

        // Registering a member: a wrong phone comes back in Vietnamese beside the field, with what was typed kept.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hộ thành viên" }).ClickAsync();
        await Expect(Heading(page, "Hộ thành viên")).ToBeVisibleAsync();
        await page.GetByLabel("Tên chủ hộ").FillAsync("Nguyễn Thị Hạnh");
        await page.GetByLabel("Số điện thoại").FillAsync("09123");
        await page.GetByLabel("Xã/phường").SelectOptionAsync(Commune);
        await page.GetByLabel("Địa chỉ (thôn, xóm)").FillAsync("Thôn Phú Lương");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký hộ" }).ClickAsync();
        await Expect(page.GetByText("Số điện thoại phải có 8 đến 15 chữ số")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Tên chủ hộ")).ToHaveValueAsync("Nguyễn Thị Hạnh");
        await Expect(page.GetByLabel("Xã/phường")).ToHaveValueAsync(Commune);
        await ScreenshotAsync(page, "members-refused");
        await page.GetByLabel("Số điện thoại").FillAsync("0912 345 678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký hộ" }).ClickAsync();
        await Expect(page.GetByText("Đã đăng ký hộ thành viên.")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nguyễn Thị Hạnh" });
        await Expect(row).ToContainTextAsync("Xã Thanh Hà (10813)");
        await Expect(row).ToContainTextAsync("Đã đăng ký");
        var households = await (await office.GetAsync("/api/v1/households")).Expect(HttpStatusCode.OK);
        var household = households["items"]!.AsArray().Single()!;
        household["name"]!.GetValue<string>().Should().Be("Nguyễn Thị Hạnh");
        household["cooperativeId"]!.GetValue<string>().Should().Be(cooperativeId);

        // Its sign-in card: printed from the members page.
        await row.GetByRole(AriaRole.Button, new() { Name = "In thẻ đăng nhập" }).ClickAsync();
        var card = page.GetByRole(AriaRole.Link, new() { Name = "Tải thẻ đăng nhập (PDF)" });
        await Expect(card).ToBeVisibleAsync();
        await ScreenshotAsync(page, "members");
        var cardPdf = await context.APIRequest.GetAsync(app.BaseUrl + await card.GetAttributeAsync("href"));
        cardPdf.Status.Should().Be(200);
        (await cardPdf.BodyAsync()).Take(5).Should().Equal("%PDF-"u8.ToArray());

        // The member harvests 120 kg (recorded through the API, as its phone would).
        var householdId = household.Id();
        var batchId = await HarvestedBatchAsync(office, householdId, 120);

        // Packing: more than the harvest left is refused by the domain, in Vietnamese, with what was typed kept.
        await page.GetByRole(AriaRole.Link, new() { Name = "Thu hoạch & đóng gói" }).ClickAsync();
        var batch = page.Locator($"#batch-{batchId}");
        await Expect(batch).ToContainTextAsync("Còn lại: 120 kg");
        await batch.GetByText("Đóng gói một lô từ thu hoạch này").ClickAsync();
        await batch.GetByLabel("Mã GTIN").FillAsync(Gtin);
        await batch.GetByLabel("Mã lô").FillAsync("TH-0630");
        await batch.GetByLabel("Số đơn vị (hộp, túi)").FillAsync("100");
        await batch.GetByLabel("Khối lượng tịnh mỗi đơn vị (gam)").FillAsync("2000");
        await batch.GetByLabel("Bao bì").FillAsync("hộp carton 2 kg");
        await batch.GetByRole(AriaRole.Button, new() { Name = "Đóng gói lô" }).ClickAsync();
        batch = page.Locator($"#batch-{batchId}");
        await Expect(batch.Locator(".error")).ToContainTextAsync("vượt quá sản lượng thu hoạch còn lại (120 kg)");
        await Expect(batch.GetByLabel("Số đơn vị (hộp, túi)")).ToHaveValueAsync("100");
        await ScreenshotAsync(page, "harvests-refused");
        await batch.GetByLabel("Số đơn vị (hộp, túi)").FillAsync("50");
        await batch.GetByRole(AriaRole.Button, new() { Name = "Đóng gói lô" }).ClickAsync();
        await Expect(page.GetByText("Đã đóng gói lô.")).ToBeVisibleAsync();
        await Expect(page.Locator($"#batch-{batchId}")).ToContainTextAsync("Còn lại: 20 kg");
        var lot = (await (await office.GetAsync("/api/v1/lots")).Expect(HttpStatusCode.OK))["items"]![0]!;
        lot["lotCode"]!.GetValue<string>().Should().Be("TH-0630");
        lot["unitCount"]!.GetValue<int>().Should().Be(50);
        var lotId = lot.Id();

        // Stamps, then the label sheet: downloaded through the progress bar and read back.
        var lotRow = page.Locator($"#lot-{lotId}");
        await lotRow.GetByLabel("Số tem").FillAsync("24");
        await lotRow.GetByRole(AriaRole.Button, new() { Name = "Cấp tem" }).ClickAsync();
        await Expect(page.GetByText("Đã cấp tem cho lô.")).ToBeVisibleAsync();
        lotRow = page.Locator($"#lot-{lotId}");
        var labels = lotRow.GetByRole(AriaRole.Link, new() { Name = "Tải nhãn A4 (PDF, 24 tem)" });
        await Expect(labels).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => labels.ClickAsync());
        await Expect(lotRow.GetByRole(AriaRole.Status)).ToContainTextAsync("Xong:");
        await ScreenshotAsync(page, "harvests");
        var pdf = Path.Combine(Path.GetTempPath(), $"desk-labels-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(pdf);
        download.SuggestedFilename.Should().Be("nhan-TH-0630.pdf");
        var first = await FirstLabelCodeAsync(pdf);
        first.Should().StartWith($"{app.BaseUrl}/01/0{Gtin}/10/TH-0630/21/");
        var stamps = await (await office.GetAsync($"/api/v1/lots/{lotId}/stamps")).Expect(HttpStatusCode.OK);
        stamps["items"]!.AsArray().Select(s => s!["digitalLink"]!.GetValue<string>()).Should().Contain(first);

        // A listing the marketplace refuses: its reason shows in plain words, and the office retries it.
        var listingId = await RefusedListingAsync(office, householdId, lotId);
        var refused = await (await office.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK);
        var reason = refused["marketplaces"]![0]!["lastError"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sản phẩm trên sàn" }).ClickAsync();
        var listing = page.Locator($"#listing-{listingId}");
        var tiktok = listing.GetByRole(AriaRole.Row).Filter(new() { HasText = "TikTok Shop" });
        await Expect(tiktok).ToContainTextAsync($"lỗi: {reason}");
        await ScreenshotAsync(page, "listings-refused");
        await tiktok.GetByRole(AriaRole.Button, new() { Name = "Thử lại" }).ClickAsync();
        await Expect(page.GetByText("Đã gửi lại lên sàn")).ToBeVisibleAsync();
        await WhenAsync(async () => (await (await office.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK))["marketplaces"]![0]!["status"]!.GetValue<string>() == "synced");
        await page.ReloadAsync();
        await Expect(page.Locator($"#listing-{listingId}").GetByRole(AriaRole.Row).Filter(new() { HasText = "TikTok Shop" })).ToContainTextAsync("đã đăng");
        app.Fake.Product(Marketplace.Tiktok, refused["sellerSku"]!.GetValue<string>()).Should().NotBeNull();

        // Price and stock: the same commands as the API.
        listing = page.Locator($"#listing-{listingId}");
        await listing.GetByLabel("Giá mới (đồng)").FillAsync("65000");
        await listing.GetByRole(AriaRole.Button, new() { Name = "Đổi giá" }).ClickAsync();
        await Expect(page.GetByText("Đã đổi giá")).ToBeVisibleAsync();
        listing = page.Locator($"#listing-{listingId}");
        await listing.GetByLabel("Tồn kho mới").FillAsync("60");
        await listing.GetByRole(AriaRole.Button, new() { Name = "Đổi tồn kho" }).ClickAsync();
        await Expect(page.Locator($"#listing-{listingId}").Locator(".error")).ToContainTextAsync("Tồn kho vượt quá số đơn vị còn lại của lô");
        await Expect(page.Locator($"#listing-{listingId}").GetByLabel("Tồn kho mới")).ToHaveValueAsync("60");
        var changed = await (await office.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK);
        changed["priceVnd"]!.GetValue<long>().Should().Be(65000);
        changed["stock"]!.GetValue<int>().Should().Be(10);
        await page.GotoAsync($"{app.BaseUrl}/desk/listings");
        await ScreenshotAsync(page, "listings");

        // An order from TikTok, then a recall: the orders page lists the order and follows the delisting.
        var tiktokKey = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "tiktok", label = "TikTok Shop" }));
        await (await tiktokKey.PostJson("/api/v1/marketplace/orders", new { marketplace = "tiktok", externalOrderId = "TT-578102", listingId, quantity = 2, totalVnd = 130000, orderedAt = "2026-06-30T08:15:00Z" }))
            .Expect(HttpStatusCode.Created);
        await (await office.PostJson($"/api/v1/lots/{lotId}/recall", new { reason = "Mẫu kiểm tra có dư lượng vượt ngưỡng" })).Expect(HttpStatusCode.OK);
        await WhenAsync(async () => (await (await office.GetAsync($"/api/v1/listings/{listingId}")).Expect(HttpStatusCode.OK))["marketplaces"]![0]!["status"]!.GetValue<string>() == "delisted");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đơn hàng & thu hồi" }).ClickAsync();
        var order = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "TT-578102" });
        await Expect(order).ToContainTextAsync("TikTok Shop");
        await Expect(order).ToContainTextAsync("130.000 ₫");
        await Expect(order).ToContainTextAsync("15:15 30/06/2026");
        var recall = page.Locator($"#recall-{lotId}");
        await Expect(recall).ToContainTextAsync("Đã gỡ 1/1 trên các sàn");
        await Expect(recall.GetByRole(AriaRole.Row).Filter(new() { HasText = "TikTok Shop" })).ToContainTextAsync("đã gỡ");
        await ScreenshotAsync(page, "orders");

        browserProblems.Should().BeEmpty("the desk runs under its CSP without script errors");
    }

    [Fact]
    public async Task Another_cooperative_sees_nothing_of_it_and_an_official_cannot_write_anything()
    {
        var (_, key, office) = await CooperativeAsync("HTX Vải thiều Thanh Xá");
        var householdId = (await (await office.PostJson("/api/v1/households", new { name = "Lê Văn Tùng", phone = "0987654321", provinceCode = "31", communeCode = Commune }))
            .Expect(HttpStatusCode.Created)).Id();
        var (_, otherKey, _) = await CooperativeAsync("HTX Nông nghiệp Kim Thành");
        var officialKey = await app.KeyAsync(new { role = "official", label = "Sở Nông nghiệp và Môi trường" });

        await using (var other = await DesktopAsync())
        {
            var page = await SignedInAsync(other, otherKey);
            foreach (var section in new[] { "members", "harvests", "listings" })
            {
                await page.GotoAsync($"{app.BaseUrl}/desk/{section}");
                (await page.Locator("body").InnerTextAsync()).Should().NotContain("Lê Văn Tùng").And.Contain("HTX Nông nghiệp Kim Thành");
            }

            var card = await FormPostAsync(other, $"/desk/members/{householdId}/sign-in-card");
            card.Status.Should().Be(404, "another cooperative's household is not found, as on the API");
        }

        await using (var own = await DesktopAsync())
        {
            var page = await SignedInAsync(own, key);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lê Văn Tùng" })).ToBeVisibleAsync();
        }

        await using var official = await DesktopAsync();
        var officialPage = await NewPageAsync(official);
        await officialPage.GotoAsync($"{app.BaseUrl}/sign-in?returnUrl=%2Fdesk%2Fmembers");
        await officialPage.GetByLabel("Khoá truy cập").FillAsync(officialKey);
        var answer = await officialPage.RunAndWaitForResponseAsync(
            () => officialPage.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync(), r => r.Url.EndsWith("/desk/members", StringComparison.Ordinal));
        answer.Status.Should().Be(403);
        await Expect(Heading(officialPage, "Không có quyền truy cập")).ToBeVisibleAsync();
        await ScreenshotAsync(officialPage, "forbidden");
        string[] actions =
        [
            "/desk/members", $"/desk/members/{householdId}/sign-in-card", $"/desk/harvests/{Guid.NewGuid()}/lots", $"/desk/lots/{Guid.NewGuid()}/stamps",
            $"/desk/listings/{Guid.NewGuid()}/price", $"/desk/listings/{Guid.NewGuid()}/stock", $"/desk/dead-letters/{Guid.NewGuid()}/replay", "/desk/sign-out",
        ];
        foreach (var action in actions)
        {
            (await FormPostAsync(official, action)).Status.Should().Be(403, "an official writes nothing at the desk ({0})", action);
        }

        (await (await office.GetAsync("/api/v1/households")).Expect(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(1);
    }

    private async Task<(string CooperativeId, string Key, HttpClient Office)> CooperativeAsync(string name)
    {
        var cooperativeId = (await (await app.Admin().PostJson("/api/v1/cooperatives", new { name, provinceCode = "31", communeCode = Commune, phone = "02203855123" }))
            .Expect(HttpStatusCode.Created)).Id();
        var key = await app.KeyAsync(new { role = "cooperative", cooperativeId, label = $"{name} — văn phòng" });
        return (cooperativeId, key, app.As(key));
    }

    private static async Task<string> HarvestedBatchAsync(HttpClient office, string householdId, int kg)
    {
        var area = (await (await office.PostJson("/api/v1/growing-areas", new { householdId, name = "Vườn vải Phú Lương", crop = "vải thiều", areaM2 = 3200, communeCode = Commune, areaCode = "VN-HDTH-0101" }))
            .Expect(HttpStatusCode.Created)).Id();
        var batchId = (await (await office.PostJson("/api/v1/batches", new { growingAreaId = area, crop = "vải thiều", variety = "Thanh Hà", season = "Vụ 2026" }))
            .Expect(HttpStatusCode.Created)).Id();
        await (await office.PostJson($"/api/v1/batches/{batchId}/planting", new { plantedOn = "2026-01-10" })).Expect(HttpStatusCode.OK);
        await (await office.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-28", quantityKg = kg })).Expect(HttpStatusCode.OK);
        return batchId;
    }

    private async Task<string> RefusedListingAsync(HttpClient office, string householdId, string lotId)
    {
        var token = $"tiktok-token-{Guid.NewGuid():N}";
        app.Fake.AcceptToken(Marketplace.Tiktok, "tiktok-phu-luong", token);
        await (await office.PostJson($"/api/v1/households/{householdId}/marketplace-accounts", new { marketplace = "tiktok", shopId = "tiktok-phu-luong", accessToken = token }))
            .Expect(HttpStatusCode.Created);
        app.Fake.FailNext(Marketplace.Tiktok, FakeFailure.ValidationError);
        var listing = await (await office.PostJson("/api/v1/listings", new
        {
            lotId,
            title = "Vải thiều Thanh Hà loại 1 — hộp 2 kg",
            description = "Vải thiều Thanh Hà chín cây, hái sáng, đóng hộp trong ngày.",
            priceVnd = 59000,
            stock = 10,
            imageUrls = new[] { $"{app.BaseUrl}/images/vai-thieu.jpg" },
            marketplaces = new[] { "tiktok" },
        })).Expect(HttpStatusCode.Created);
        await WhenAsync(async () => (await (await office.GetAsync($"/api/v1/listings/{listing.Id()}")).Expect(HttpStatusCode.OK))["marketplaces"]![0]!["status"]!.GetValue<string>() == "failed");
        return listing.Id();
    }

    private static async Task WhenAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The condition did not hold within 15 s.");
    }

    /// <summary>The first label's QR code, read back from the sheet (cropped to the label, as a scanner would see it).</summary>
    private static async Task<string> FirstLabelCodeAsync(string pdf)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"desk-label-{Guid.NewGuid():N}");
        Poppler.Run("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        using var image = QrDecoding.Load(await File.ReadAllBytesAsync(prefix + ".png"));
        var (width, height) = (image.Width / 3, image.Height / 8);
        return image.Decode(0, 0, height, height) ?? image.Decode(0, 0, width, height) ?? throw new InvalidOperationException("No QR code on the first label.");
    }

    /// <summary>Posts a desk form from the browser's own session (its cookies and its anti-forgery token).</summary>
    private async Task<IAPIResponse> FormPostAsync(IBrowserContext context, string path)
    {
        var csrf = (await context.CookiesAsync()).Single(c => c.Name == "agri_csrf").Value;
        var form = context.APIRequest.CreateFormData();
        form.Set("__csrf", csrf);
        form.Set("count", "1");
        return await context.APIRequest.PostAsync(app.BaseUrl + path, new() { Form = form, MaxRedirects = 0 });
    }

    private async Task<IPage> SignedInAsync(IBrowserContext context, string key)
    {
        var page = await NewPageAsync(context);
        await page.GotoAsync($"{app.BaseUrl}/sign-in");
        await page.GetByLabel("Khoá truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(Heading(page, "Hộ thành viên")).ToBeVisibleAsync();
        return page;
    }

    private async Task<IBrowserContext> DesktopAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "vi-VN",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    private async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => browserProblems.Add($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                browserProblems.Add($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    private static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, $"desk-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("the desk fits a 1366 px window ({0})", name);
    }
}
