using Microsoft.Playwright;

namespace HaiDuong.Agri.BrowserTests.Infrastructure;

/// <summary>
/// One headless Chromium (the machine's <c>/usr/bin/chromium</c>, driven by Playwright's bundled driver) per test
/// class. Each test opens its own context and closes it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A mid-range Android phone (412×915 CSS pixels at 2.625 device pixels each), touch, in <paramref name="locale"/>.</summary>
    public Task<IBrowserContext> PhoneAsync(string locale = "vi-VN", bool javaScript = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 412, Height = 915 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2.625f,
            Locale = locale,
            JavaScriptEnabled = javaScript,
        });

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
