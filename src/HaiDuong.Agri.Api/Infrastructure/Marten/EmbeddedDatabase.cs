using System.Reflection;
using HaiDuong.Agri.LocalPostgres;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// Where the data lives: <c>ConnectionStrings:Marten</c> when set; otherwise a private PostgreSQL server started
/// from the machine's binaries in <c>Agri:DataDirectory</c> (durable, reused across restarts, stopped with the app).
/// The embedded server is watched while the app runs: if it dies (killed, crashed) it is started again on the same
/// folder and port, so the app recovers by itself (requests meanwhile answer 503).
/// </summary>
public sealed class EmbeddedDatabase(LocalPostgresServer? server, LocalPostgresOptions? options = null, TimeSpan? watchInterval = null) : IHostedService
{
    public const string ConnectionName = "Marten";

    private readonly CancellationTokenSource watching = new();
    private Task? watch;

    public LocalPostgresServer? Server { get; private set; } = server;

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

        var options = new LocalPostgresOptions
        {
            DataDirectory = DataDirectory(configuration),
            Durable = true,
            BinDirectory = configuration["Agri:PostgresBinDirectory"] is { Length: > 0 } bin ? bin : null,
            Log = line => Console.WriteLine($"[embedded postgres] {line}"),
        };
        var server = await LocalPostgresServer.StartAsync(options);
        var interval = configuration.GetValue("Agri:EmbeddedWatchInterval", TimeSpan.FromSeconds(5));
        return (server.ConnectionString, new EmbeddedDatabase(server, options, interval));
    }

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Agri:DataDirectory"] is { Length: > 0 } configured ? configured : LocalPostgresServer.DefaultDataDirectory());

    public static bool IsOpenApiGenerator => Assembly.GetEntryAssembly()?.GetName().Name == "dotnet-swagger";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Server is not null && options is not null)
        {
            watch = WatchAsync(watching.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await watching.CancelAsync();
        if (watch is not null)
        {
            await watch;
        }

        if (Server is not null)
        {
            await Server.StopAsync(cancellationToken);
        }
    }

    /// <summary>Starts the server again, on its folder and port, whenever it is found dead.</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(watchInterval ?? TimeSpan.FromSeconds(5), ct);
                if (await Server!.IsRunningAsync(ct))
                {
                    continue;
                }

                Console.WriteLine($"[embedded postgres] The server on port {Server.Port} is not running; starting it again");
                Server = await LocalPostgresServer.StartAsync(
                    new LocalPostgresOptions
                    {
                        DataDirectory = options!.DataDirectory,
                        Durable = options.Durable,
                        BinDirectory = options.BinDirectory,
                        Log = options.Log,
                        Port = Server.Port,
                    },
                    ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LocalPostgresUnavailableException or IOException or InvalidOperationException)
            {
                // Its old processes may still be leaving (shared memory in use): look again at the next tick.
                Console.WriteLine($"[embedded postgres] Could not start the server again yet: {e.Message.Split('\n')[0]}");
            }
        }
    }
}
