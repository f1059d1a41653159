using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiDuong.Agri.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real loopback port (Kestrel), so a browser can open it. The port is chosen before the app starts
/// and is the app's <c>Agri:PublicBaseUrl</c>, so the Digital Links printed in its QR codes lead back to this server.
/// Settings, clock and environment are <see cref="AgriApp"/>'s.
/// </summary>
/// <remarks>
/// Two things of <see cref="AgriApp"/> do not work on Kestrel, so this class replaces them: its start-up reads the
/// in-memory <c>Server</c> (which a Kestrel-hosted factory refuses), hence <see cref="IAsyncLifetime"/> is implemented
/// again here; and its clients are made with <c>http://localhost</c> as their address, hence <see cref="Anonymous"/>,
/// <see cref="As"/> and <see cref="Admin"/> are hidden by versions addressing the real port. The integration tests'
/// <c>Seed</c> methods that take an <see cref="AgriApp"/> call the base versions: use <see cref="StampSeed"/> instead.
/// </remarks>
public sealed class BrowserApp : AgriApp, IAsyncLifetime
{
    private Uri? baseAddress;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash: the server's address and the public base URL.</summary>
    public string BaseUrl => baseAddress?.GetLeftPart(UriPartial.Authority) ?? throw new InvalidOperationException("The app has not been started.");

    public new async Task InitializeAsync()
    {
        var port = FreeLoopbackPort();
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        Set("ConnectionStrings:Marten", await TestPostgres.CreateDatabaseAsync(GetType().Name));
        Set("Agri:AdminApiKey", AdminKey);
        Set("Agri:PublicBaseUrl", BaseUrl);
        UseKestrel(port);
        StartServer();
    }

    public new HttpClient Anonymous() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = baseAddress ?? throw new InvalidOperationException("The app has not been started.") });

    public new HttpClient As(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public new HttpClient Admin() => As(AdminKey);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
