using System.Diagnostics;
using System.Globalization;

using HaiDuong.Agri.LocalPostgres;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server per test run (fsync off) in a fresh folder under the temp directory, started on
/// first use and removed when the test process ends. Each test takes its own database from it.
/// </summary>
public static class TestPostgres
{
    // The test host is killed ~100 ms after the last test, usually before a ProcessExit handler can finish, so a
    // small detached watchdog also stops the server (SIGINT = fast shutdown) and deletes the folder once we are gone.
    private const string WatchdogScript = """
        while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
        pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null) && kill -INT "$pid" 2>/dev/null
        i=0; while [ -e "$2/postmaster.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
        rm -rf "$3"
        """;

    private static readonly Lazy<Task<LocalPostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<LocalPostgresServer> ServerAsync() => Server.Value;

    /// <summary>Creates a new database named after <paramref name="prefix"/> plus a random suffix; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        string cleaned = new([.. prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '_')]);
        string name = $"{cleaned[..Math.Min(cleaned.Length, 50)]}_{Guid.NewGuid().ToString("N")[..8]}".TrimStart('_');
        LocalPostgresServer server = await ServerAsync();
        await server.CreateDatabaseAsync(name);
        return server.ConnectionStringFor(name);
    }

    private static async Task<LocalPostgresServer> StartAsync()
    {
        string root = Path.Combine(Path.GetTempPath(), "agri-tests-" + Guid.NewGuid().ToString("N")[..10]);
        string dataDirectory = Path.Combine(root, "postgres");
        LocalPostgresServer server = await LocalPostgresServer.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = dataDirectory,
            Durable = false,
        });
        StartWatchdog(dataDirectory, root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                server.StopAsync().GetAwaiter().GetResult();
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LocalPostgresUnavailableException)
            {
                // The watchdog finishes the job.
            }
        };
        return server;
    }

    private static void StartWatchdog(string dataDirectory, string root)
    {
        var info = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // own pipes: inheriting ours would keep the test runner waiting for EOF
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-c", WatchdogScript, "agri-tests-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), dataDirectory, root })
        {
            info.ArgumentList.Add(argument);
        }

        using Process? watchdog = Process.Start(info);
    }
}
