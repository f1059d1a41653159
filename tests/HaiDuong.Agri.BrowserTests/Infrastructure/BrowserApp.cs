using System.Net;
using System.Net.Sockets;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real loopback port (Kestrel), so a browser can open it. The port is chosen before the app starts
/// and is the app's <c>Agri:PublicBaseUrl</c>, so the Digital Links printed in its QR codes lead back to this server.
/// Everything else — settings, clock, clients, seeding — is <see cref="AgriApp"/>'s.
/// </summary>
public sealed class BrowserApp : AgriApp
{
    private readonly int port = FreeLoopbackPort();

    /// <summary><c>http://127.0.0.1:{port}</c>: the server's address and the public base URL.</summary>
    public string BaseUrl => $"http://127.0.0.1:{port}";

    protected override string PublicBase => BaseUrl;

    protected override Uri ClientBaseAddress => new(BaseUrl);

    protected override void Start()
    {
        UseKestrel(port);
        StartServer();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
