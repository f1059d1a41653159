extern alias api;

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// The real API in this process on Kestrel (a real loopback socket, not the in-memory test server), configured as in
/// production except for its database, a fixed admin key and warnings-only logging (written to stderr, so the
/// results table on stdout stays clean).
/// </summary>
public sealed class BenchApp : WebApplicationFactory<api::Program>
{
    public const string AdminKey = "agri_benchmark_admin_key_not_a_secret";

    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string?> settings;

    public BenchApp(string connectionString, int port, IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.connectionString = connectionString;
        this.settings = settings ?? new Dictionary<string, string?>();
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        UseKestrel(port);
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The path of the benchmark host's own endpoint that serves <see cref="BaselinePage"/> from memory.</summary>
    public const string BaselinePath = "/bench/page";

    /// <summary>
    /// The bytes <see cref="BaselinePath"/> answers (text/html), served before any of the app's middleware: what serving a
    /// page costs on this host when nothing is computed.
    /// </summary>
    public byte[] BaselinePage { get; set; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // WebApplicationFactory looks for its manifest in the current folder (a test runner's is the output folder;
        // `dotnet run`'s is wherever it was started), else guesses <solution>/<assembly name>: point it at the API.
        builder.UseContentRoot(ApiContentRoot());
        builder.UseSetting("ConnectionStrings:Marten", connectionString);
        builder.UseSetting("Agri:AdminApiKey", AdminKey);
        builder.UseSetting("Agri:DataProtection:Key", Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("bench"u8)));
        builder.UseSetting("Agri:PublicBaseUrl", BaseAddress.ToString().TrimEnd('/'));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:LogToStandardErrorThreshold", "Trace");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BaselineEndpoint(this)));
    }

    private sealed class BaselineEndpoint(BenchApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Map(BaselinePath, branch => branch.Run(async http =>
            {
                var page = app.BaselinePage;
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.ContentLength = page.Length;
                await http.Response.Body.WriteAsync(page);
            }));
            next(builder);
        };
    }

    /// <summary>The API's project folder, as the build wrote it into MvcTestingAppManifest.json beside this program.</summary>
    private static string ApiContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest))
            ?? throw new InvalidOperationException($"{manifest} is empty.");
        var assembly = typeof(api::Program).Assembly.GetName();
        return roots.FirstOrDefault(r => r.Key == assembly.FullName || r.Key.StartsWith(assembly.Name + ",", StringComparison.Ordinal)).Value
            ?? throw new InvalidOperationException($"{manifest} does not name {assembly.Name}'s folder.");
    }
}
