using System.Net.Http.Headers;
using HaiDuong.Agri.LocalPostgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP (in memory), on its own database of the run's throwaway PostgreSQL server.
/// The clock starts at <see cref="Now"/> and moves a millisecond per reading, so "future" checks are exact.
/// </summary>
public class AgriApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "agri_test_admin_key_for_integration_tests";
    public const string PublicBaseUrl = "https://trace.example.vn";

    /// <summary>The key that encrypts the data protection key ring (Agri:DataProtection:Key): 32 bytes, the same for every test app.</summary>
    public const string KeyEncryptionKey = "dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    public static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);

    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    public FakeClock Clock { get; } = new(Now, Duration.FromMilliseconds(1));

    public string? ConnectionString { get; private set; }

    /// <summary>Override to run on another database (for example the embedded default with no connection string).</summary>
    protected virtual async Task<string?> DatabaseAsync() => await TestPostgres.CreateDatabaseAsync(GetType().Name);

    public async Task InitializeAsync()
    {
        ConnectionString = await DatabaseAsync();
        settings["ConnectionStrings:Marten"] = ConnectionString;
        settings["Agri:AdminApiKey"] = AdminKey;
        settings["Agri:PublicBaseUrl"] = PublicBase;
        settings.TryAdd("Agri:DataProtection:Key", ConnectionString is null ? null : KeyEncryptionKey);

        // Tests read feeds far more often than a platform would; the limit's own test sets a small one.
        settings.TryAdd("Agri:Feeds:RequestsPerMinute", "100000");

        // No administrative-units register unless a test loads one (the shipped file, with Agri:Regions:LoadShipped=true, or
        // its own through POST /api/v1/regions): test data uses commune codes such as "11059" that are not in the official
        // 2025 list, and a province without a register takes codes as given.
        settings.TryAdd("Agri:Regions:LoadShipped", "false");
        Start();
    }

    /// <summary>The address printed in QR codes (<c>Agri:PublicBaseUrl</c>).</summary>
    protected virtual string PublicBase => PublicBaseUrl;

    /// <summary>The address the clients call.</summary>
    protected virtual Uri ClientBaseAddress => new("http://localhost");

    /// <summary>Starts the in-memory server now, so schema creation is not charged to the first test.</summary>
    protected virtual void Start() => _ = Server;

    public void Set(string key, string? value) => settings[key] = value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrors()));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    public HttpClient Anonymous() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });

    public HttpClient As(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin() => As(AdminKey);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // Connections a test opened itself on this database (Npgsql's global pool) close now, not a minute later: the run's
        // server has room for a couple hundred connections, shared by every app the run starts.
        if (ConnectionString is not null)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The app with its default register: Hải Phòng's, loaded at start from the shipped data file.</summary>
public sealed class ShippedRegisterApp : AgriApp
{
    public ShippedRegisterApp() => Set("Agri:Regions:LoadShipped", "true");
}

/// <summary>The app on the embedded default: no connection string, its own durable PostgreSQL in a data folder.</summary>
public sealed class EmbeddedAgriApp(string dataDirectory) : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        Set("Agri:DataDirectory", dataDirectory);
        return Task.FromResult<string?>(null);
    }

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "agri-embedded-" + Guid.NewGuid().ToString("N")[..10], "postgres");

    public static async Task StopLeftoversAsync(string dataDirectory)
    {
        // Starting on the folder adopts a server still running there; stopping it leaves the folder clean.
        await using var server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions { DataDirectory = dataDirectory });
        await server.StopAsync();
    }
}
