using System.Reflection;
using HaiDuong.Agri.LocalPostgres;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// Where the data lives: <c>ConnectionStrings:Marten</c> when set; otherwise a private PostgreSQL server started
/// from the machine's binaries in <c>Agri:DataDirectory</c> (durable, reused across restarts, stopped with the app).
/// </summary>
public sealed class EmbeddedDatabase(LocalPostgresServer? server) : IHostedService
{
    public const string ConnectionName = "Marten";

    public LocalPostgresServer? Server { get; } = server;

    public static async Task<(string ConnectionString, EmbeddedDatabase Database)> ResolveAsync(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(ConnectionName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, new EmbeddedDatabase(null));
        }

        if (IsOpenApiGenerator)
        {
            // `dotnet swagger tofile` only builds the document: it must not start or reach a database.
            return ("Host=127.0.0.1;Database=openapi", new EmbeddedDatabase(null));
        }

        var server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = DataDirectory(configuration),
            Durable = true,
            BinDirectory = configuration["Agri:PostgresBinDirectory"] is { Length: > 0 } bin ? bin : null,
            Log = line => Console.WriteLine($"[embedded postgres] {line}"),
        });
        return (server.ConnectionString, new EmbeddedDatabase(server));
    }

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Agri:DataDirectory"] is { Length: > 0 } configured ? configured : LocalPostgresServer.DefaultDataDirectory());

    public static bool IsOpenApiGenerator => Assembly.GetEntryAssembly()?.GetName().Name == "dotnet-swagger";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Server is not null)
        {
            await Server.StopAsync(cancellationToken);
        }
    }
}
