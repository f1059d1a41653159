using System.Net;
using System.Net.Sockets;

using Npgsql;

namespace HaiDuong.Agri.LocalPostgres;

// The postmaster: starting it on a free port, waiting until it answers, adopting one left running (postmaster.pid, stale pids),
// and whether it still runs (what the app's watcher asks).
public sealed partial class LocalPostgresServer
{
    /// <summary>True while a postmaster runs on this folder (pg_ctl status).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        (int exitCode, _) = await RunAsync(_asPostgres, _binDirectory, "pg_ctl", ["status", "-D", DataDirectory], cancellationToken);
        return exitCode == 0;
    }

    private static async Task<LocalPostgresServer?> TryAdoptAsync(
        LocalPostgresOptions options, string binDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        string pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        string[] lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        int pid = lines.Length > 0 && int.TryParse(lines[0], out int p) ? p : 0;
        if (!await IsPostmasterAliveAsync(pid, binDirectory, dataDirectory, cancellationToken))
        {
            options.Log?.Invoke($"Removing stale {pidFile} (process {pid} is gone)");
            File.Delete(pidFile);
            return null;
        }

        int port = lines.Length > 3 && int.TryParse(lines[3], out int parsedPort) ? parsedPort : 0;
        var server = new LocalPostgresServer(options, binDirectory, dataDirectory, port, created: false, reused: true);
        options.Log?.Invoke($"Embedded PostgreSQL left running in {dataDirectory} (pid {pid}, port {port}); adopting it");
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(10), cancellationToken);
            await server.CreateDatabaseAsync(options.DatabaseName, cancellationToken);
            return server;
        }
        catch (Exception ex) when (ex is NpgsqlException or LocalPostgresUnavailableException)
        {
            options.Log?.Invoke($"The running server could not be adopted ({ex.Message}); stopping it");
            await server.StopAsync(cancellationToken);
            return null;
        }
    }

    private static async Task<bool> IsPostmasterAliveAsync(int pid, string binDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (Directory.Exists("/proc/self"))
        {
            // A recycled pid must not be mistaken for our postmaster (we would signal a stranger).
            try
            {
                string commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline", cancellationToken);
                return commandLine.Contains("postgres", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }

        (int exitCode, _) = await RunAsync(ChildProcess.IsRoot, binDirectory, "pg_ctl", ["status", "-D", dataDirectory], cancellationToken);
        return exitCode == 0;
    }

    private static async Task<int> StartPostmasterAsync(
        LocalPostgresOptions options, string binDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        string version = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "PG_VERSION"), cancellationToken)).Trim();
        string logFile = LogFileFor(dataDirectory);
        for (int attempt = 1; ; attempt++)
        {
            int port = options.Port ?? FreeLoopbackPort();
            options.Log?.Invoke($"Embedded PostgreSQL {version} starting in {dataDirectory} on port {port}");
            (int exitCode, string output) = await RunAsync(
                ChildProcess.IsRoot,
                binDirectory,
                "pg_ctl",
                ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", ServerOptions(options, dataDirectory, port)],
                cancellationToken);
            if (exitCode == 0)
            {
                return port;
            }

            string logTail = await LogTailAsync(logFile);
            bool portTaken = logTail.Contains("Address already in use", StringComparison.Ordinal)
                || logTail.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);
            if (portTaken && attempt == 1 && options.Port is null)
            {
                options.Log?.Invoke($"Port {port} was taken meanwhile; trying another one");
                continue;
            }

            throw new LocalPostgresUnavailableException(
                $"PostgreSQL could not start in {dataDirectory} (pg_ctl exited with code {exitCode}); pg_ctl said '{output}' and {logFile} ends with:\n{logTail}");
        }
    }

    private static string ServerOptions(LocalPostgresOptions options, string dataDirectory, int port)
    {
        // pg_ctl hands this string to /bin/sh, so the socket folder is single-quoted.
        string socketDirectory = "'" + SocketDirectoryFor(dataDirectory).Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string result = $"-c listen_addresses=127.0.0.1 -p {port} -k {socketDirectory} -c max_connections=200";
        return options.Durable ? result : result + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        Exception? lastError = null;
        try
        {
            while (true)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(AdminConnectionString);
                    await connection.OpenAsync(timeoutSource.Token);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(timeoutSource.Token);
                    return;
                }
                catch (NpgsqlException ex)
                {
                    lastError = ex; // not listening yet, or "the database system is starting up"
                }

                await Task.Delay(100, timeoutSource.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalPostgresUnavailableException(
                $"PostgreSQL in {DataDirectory} did not accept connections on port {Port} within {timeout.TotalSeconds:0} s ({lastError?.Message}); {LogFile} ends with:\n{await LogTailAsync(LogFile)}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
