using System.Net;
using System.Net.Sockets;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.BrowserTests.Infrastructure;

/// <summary>
/// The app on a real loopback port for the cooperative desk, with fake marketplaces (real HTTP servers on loopback) and
/// Hải Phòng's shipped register loaded, so the commune is picked by name. Office sessions last 400 days here: the test
/// clock stands in mid-2026 and Chromium keeps cookies by the machine's own clock, so a 12-hour cookie would be dropped
/// on arrival.
/// </summary>
public sealed class DeskBrowserApp : AgriApp
{
    private readonly int port = FreeLoopbackPort();

    public FakeMarketplaces Fake { get; } = new();

    /// <summary><c>http://127.0.0.1:{port}</c>: the server's address and the public base URL.</summary>
    public string BaseUrl => $"http://127.0.0.1:{port}";

    protected override string PublicBase => BaseUrl;

    protected override Uri ClientBaseAddress => new(BaseUrl);

    protected override async Task<string?> DatabaseAsync()
    {
        await Fake.StartAsync();
        foreach (var (key, value) in Fake.Configuration())
        {
            Set(key, value);
        }

        Set("Marketplaces:Sync:PollInterval", "00:00:00.050");
        Set("Marketplaces:Timeout", "00:00:05");
        Set("Agri:Regions:LoadShipped", "true");
        Set("Agri:Sessions:OfficeLifetime", "400.00:00:00");
        return await base.DatabaseAsync();
    }

    protected override void Start()
    {
        UseKestrel(port);
        StartServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
