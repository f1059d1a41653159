using System.Net;
using FluentAssertions;
using HaiDuong.Agri.BrowserTests.Infrastructure;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.UnitTests.Labels;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HaiDuong.Agri.BrowserTests.Trace;

/// <summary>The public trace page as a consumer's phone shows it: real Chromium, real port, links read from real QR codes.</summary>
public sealed class TracePageInTheBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>, IClassFixture<Chromium>
{
    private const string Product = "Vải thiều Thanh Hà loại 1";
    private const string Household = "Nguyễn Văn An";
    private const string HarvestDate = "03/06/2026";
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>What a phone's camera app reads from the stamp: the QR code the cooperative prints, decoded.</summary>
    private async Task<string> ScanAsync(TracedLot lot, int stamp = 0)
    {
        var response = await lot.Farm.Cooperative.GetAsync($"/api/v1/stamps/{lot.Serials[stamp]}/qr.png");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var link = QrDecoding.DecodePng(await response.Content.ReadAsByteArrayAsync());
        link.Should().Be(app.BaseUrl + lot.Unit(stamp));
        return link!;
    }

    private static async Task<IResponse> OpenAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        response.Should().NotBeNull("{0} should answer with a document", url);
        return response!;
    }

    private static async Task<FileInfo> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var file = new FileInfo(path);
        file.Exists.Should().BeTrue();
        file.Length.Should().BeGreaterThan(10_000, "a full-page screenshot of the trace page is not a blank image");
        return file;
    }

    private static async Task ExpectNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "the page must fit the phone's width without scrolling sideways");
    }

    /// <summary>The term <paramref name="label"/> is on screen, with <paramref name="value"/> as its description.</summary>
    private static async Task ExpectFieldAsync(IPage page, string label, string value)
    {
        var term = page.Locator("dt").GetByText(label, new LocatorGetByTextOptions { Exact = true });
        await Expect(term).ToBeVisibleAsync();
        var description = page.Locator($"dt:text-is(\"{label}\") + dd");
        await Expect(description).ToBeVisibleAsync();
        await Expect(description).ToHaveTextAsync(value);
    }

    [Fact]
    public async Task A_phone_scanning_a_stamp_sees_the_product_grower_and_harvest_date()
    {
        var lot = await app.TracedAsync(stamps: 1);
        var link = await ScanAsync(lot);

        await using var phone = await chromium.PhoneAsync();
        var page = await phone.NewPageAsync();
        var response = await OpenAsync(page, link);

        response.Status.Should().Be(200);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Product);
        var text = await page.Locator("body").InnerTextAsync();
        text.Should().Contain(Product).And.Contain(Household).And.Contain(HarvestDate);
        await ExpectFieldAsync(page, "Người trồng", Household);
        await ExpectFieldAsync(page, "Ngày thu hoạch", HarvestDate);
        await ExpectNoHorizontalScrollAsync(page);

        await ScreenshotAsync(page, "trace-page-vi.png");
    }

    [Fact]
    public async Task The_English_switch_works_in_the_browser()
    {
        var lot = await app.TracedAsync(stamps: 1);
        await using var phone = await chromium.PhoneAsync();
        var page = await phone.NewPageAsync();
        await OpenAsync(page, await ScanAsync(lot));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "English" }).ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("?lang=en", StringComparison.Ordinal));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await ExpectFieldAsync(page, "Harvested on", HarvestDate);
        await ExpectFieldAsync(page, "Grown by", Household);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Product);
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Tiếng Việt" })).ToBeVisibleAsync();
        await ExpectNoHorizontalScrollAsync(page);

        await ScreenshotAsync(page, "trace-page-en.png");
    }

    [Fact]
    public async Task An_unknown_code_shows_a_warning_that_the_product_may_not_be_genuine()
    {
        var lot = await app.TracedAsync(stamps: 1);
        var counterfeit = $"{app.BaseUrl}{lot.Lot}/21/FAKE0000000000001";

        await using var phone = await chromium.PhoneAsync();
        var page = await phone.NewPageAsync();
        var response = await OpenAsync(page, counterfeit);

        response.Status.Should().Be(404);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("không phải hàng chính hãng");
        (await page.Locator("body").InnerTextAsync()).Should().NotContain(Product);
        await ExpectNoHorizontalScrollAsync(page);

        await ScreenshotAsync(page, "trace-page-unknown-vi.png");
    }

    [Fact]
    public async Task The_page_works_without_JavaScript()
    {
        var lot = await app.TracedAsync(stamps: 1);
        await using var phone = await chromium.PhoneAsync(javaScript: false);
        var page = await phone.NewPageAsync();
        var response = await OpenAsync(page, await ScanAsync(lot));

        response.Status.Should().Be(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Product);
        (await page.Locator("body").InnerTextAsync()).Should().Contain(Product).And.Contain(Household);
    }
}
