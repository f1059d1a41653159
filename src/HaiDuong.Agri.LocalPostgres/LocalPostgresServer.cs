using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

using Npgsql;

namespace HaiDuong.Agri.LocalPostgres;

public sealed class LocalPostgresOptions
{
    /// <summary>The cluster folder (PGDATA). Created, with its parents, when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>False for tests: no fsync, no synchronous commit, no full page writes.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Created after start when missing.</summary>
    public string DatabaseName { get; init; } = "agri";

    /// <summary>Where initdb and pg_ctl live; null = search PATH, pg_config and /usr/lib/postgresql/*/bin.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Receives progress lines; null = silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The loopback port to listen on; null = a free one. Set it to bring a stopped server back where its clients look.</summary>
    public int? Port { get; init; }
}

/// <summary>The embedded PostgreSQL server cannot be used; the message says why and what to do, in one sentence.</summary>
public sealed class LocalPostgresUnavailableException : Exception
{
    public LocalPostgresUnavailableException()
    {
    }

    public LocalPostgresUnavailableException(string message)
        : base(message)
    {
    }

    public LocalPostgresUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A PostgreSQL cluster in a folder of its own, started with pg_ctl on a free loopback port (trust authentication,
/// user postgres). A server left running on the folder by a crashed process is adopted; a stale postmaster.pid is removed.
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly LocalPostgresOptions _options;
    private readonly string _binDirectory;
    private readonly bool _asPostgres;
    private readonly Lock _stopLock = new();
    private Task? _stopTask;

    private LocalPostgresServer(LocalPostgresOptions options, string binDirectory, string dataDirectory, int port, bool created, bool reused)
    {
        _options = options;
        _binDirectory = binDirectory;
        _asPostgres = ChildProcess.IsRoot;
        DataDirectory = dataDirectory;
        Port = port;
        Created = created;
        Reused = reused;
        ConnectionString = ConnectionStringFor(options.DatabaseName);
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>True when initdb ran in this start.</summary>
    public bool Created { get; }

    /// <summary>True when a server already running on this folder (left by a crashed process) was adopted.</summary>
    public bool Reused { get; }

    public string ConnectionString { get; }

    private string LogFile => LogFileFor(DataDirectory);

    private string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = SuperUser,
        Database = "postgres",
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Root: /var/lib/haiduong-agri/postgres (root's home is closed to the postgres user); otherwise ./.data/postgres.</summary>
    public static string DefaultDataDirectory() => ChildProcess.IsRoot
        ? "/var/lib/haiduong-agri/postgres"
        : Path.Combine(Environment.CurrentDirectory, ".data", "postgres");

    public static async Task<LocalPostgresServer> StartAsync(LocalPostgresOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ValidateDatabaseName(options.DatabaseName);
        Stopwatch clock = Stopwatch.StartNew();
        string dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        if (dataDirectory.IndexOfAny(['"', '$', '`', '\\']) >= 0 && !OperatingSystem.IsWindows())
        {
            throw new LocalPostgresUnavailableException(
                $"The PostgreSQL data folder {dataDirectory} contains a character pg_ctl cannot pass through its shell (\" $ ` \\): choose a folder without them.");
        }

        string binDirectory = PostgresBinaries.FindBinDirectory(options.BinDirectory)
            ?? throw new LocalPostgresUnavailableException(PostgresBinaries.NotFoundMessage(options.BinDirectory));

        await PrepareFoldersAsync(dataDirectory, cancellationToken);

        LocalPostgresServer? adopted = await TryAdoptAsync(options, binDirectory, dataDirectory, cancellationToken);
        if (adopted is not null)
        {
            options.Log?.Invoke($"Embedded PostgreSQL in {dataDirectory} adopted on port {adopted.Port} in {clock.ElapsedMilliseconds} ms");
            return adopted;
        }

        bool created = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (created)
        {
            await InitDbAsync(options, binDirectory, dataDirectory, cancellationToken);
        }

        int port = await StartPostmasterAsync(options, binDirectory, dataDirectory, cancellationToken);
        var server = new LocalPostgresServer(options, binDirectory, dataDirectory, port, created, reused: false);
        try
        {
            await server.WaitUntilReadyAsync(ReadyTimeout, cancellationToken);
            await server.CreateDatabaseAsync(options.DatabaseName, cancellationToken);
        }
        catch
        {
            await server.StopAsync(CancellationToken.None);
            throw;
        }

        options.Log?.Invoke($"Embedded PostgreSQL ready on port {port} in {clock.ElapsedMilliseconds} ms ({(created ? "new cluster" : "existing cluster")})");
        return server;
    }

    public string ConnectionStringFor(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = SuperUser,
            Database = database,
            MaxPoolSize = 50,
            ConnectionIdleLifetime = 60,
        }.ConnectionString;
    }

    /// <summary>CREATE DATABASE unless it exists; the name must match [a-z0-9_]{1,63}.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name);
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _options.Log?.Invoke($"Created database {name}");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by someone else: fine.
        }
    }

    /// <summary>True while a postmaster runs on this folder (pg_ctl status).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        (int exitCode, _) = await RunAsync(_asPostgres, _binDirectory, "pg_ctl", ["status", "-D", DataDirectory], cancellationToken);
        return exitCode == 0;
    }

    /// <summary>Stops the server on this folder (started or adopted) with pg_ctl -m fast; safe to call more than once.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            if (_stopTask is null || _stopTask.IsFaulted || _stopTask.IsCanceled)
            {
                _stopTask = StopCoreAsync(cancellationToken);
            }

            return _stopTask;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        (int exitCode, string output) = await RunAsync(
            _asPostgres, _binDirectory, "pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken);
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        if (exitCode == 0)
        {
            _options.Log?.Invoke($"Embedded PostgreSQL on port {Port} stopped in {clock.ElapsedMilliseconds} ms");
        }
        else if (await IsRunningAsync(cancellationToken))
        {
            throw new LocalPostgresUnavailableException(
                $"PostgreSQL in {DataDirectory} did not stop (pg_ctl exited with code {exitCode}):\n{output}\n{await LogTailAsync(LogFile)}");
        }
    }

    private static async Task PrepareFoldersAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        string logFile = LogFileFor(dataDirectory);
        if (new FileInfo(logFile) is { Exists: true, Length: > 10_000_000 })
        {
            File.Move(logFile, logFile + ".old", overwrite: true);
        }

        if (!File.Exists(logFile))
        {
            await File.WriteAllBytesAsync(logFile, [], cancellationToken);
        }

        string socketDirectory = SocketDirectoryFor(dataDirectory);
        Directory.CreateDirectory(socketDirectory);
        if (!ChildProcess.IsRoot || OperatingSystem.IsWindows())
        {
            return;
        }

        // initdb and postgres refuse to run as root: the postgres user must reach and own the folders.
        for (DirectoryInfo? parent = Directory.GetParent(dataDirectory); parent is not null; parent = parent.Parent)
        {
            if (!parent.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                throw new LocalPostgresUnavailableException(
                    $"The 'postgres' user cannot reach the PostgreSQL data folder {dataDirectory} because {parent.FullName} is closed to other users: "
                    + $"set Agri:DataDirectory to a folder under /var/lib or /tmp (or run 'chmod o+x {parent.FullName}').");
            }
        }

        (int exitCode, string output) = await ChildProcess.RunAsync(
            "chown", ["-R", $"{SuperUser}:{SuperUser}", dataDirectory, logFile, socketDirectory], asPostgres: false, cancellationToken);
        if (exitCode != 0)
        {
            throw new LocalPostgresUnavailableException($"Could not hand {dataDirectory} to the 'postgres' user (chown failed): {output}");
        }
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

    private static async Task InitDbAsync(LocalPostgresOptions options, string binDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        Stopwatch clock = Stopwatch.StartNew();
        options.Log?.Invoke($"Creating a PostgreSQL cluster in {dataDirectory}");
        List<string> arguments = ["-D", dataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"];
        if (!options.Durable)
        {
            arguments.Add("--no-sync");
        }

        int exitCode;
        string output;
        try
        {
            (exitCode, output) = await RunAsync(ChildProcess.IsRoot, binDirectory, "initdb", arguments, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Directory.Delete(dataDirectory, recursive: true); // a half-made cluster would block every later start
            throw;
        }

        if (exitCode != 0)
        {
            throw new LocalPostgresUnavailableException(
                $"initdb could not create a PostgreSQL cluster in {dataDirectory} (exit code {exitCode}):\n{Tail(output)}");
        }

        options.Log?.Invoke($"Created the PostgreSQL cluster in {clock.ElapsedMilliseconds} ms");
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

    private static Task<(int ExitCode, string Output)> RunAsync(
        bool asPostgres, string binDirectory, string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(PostgresBinaries.Program(binDirectory, program), arguments, asPostgres, cancellationToken);

    private static void ValidateDatabaseName(string name)
    {
        bool valid = name is { Length: >= 1 and <= 63 } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
        if (!valid)
        {
            throw new ArgumentException($"The database name '{name}' must be 1 to 63 characters among a-z, 0-9 and _.", nameof(name));
        }
    }

    // The log sits next to the cluster folder (pgdata -> pgdata.log): outside PGDATA, one per cluster.
    private static string LogFileFor(string dataDirectory) => dataDirectory + ".log";

    // Unix socket paths are limited to ~107 bytes; fall back to a short folder named after the cluster.
    private static string SocketDirectoryFor(string dataDirectory)
    {
        if (dataDirectory.Length + "/.s.PGSQL.65535.lock".Length <= 100 || OperatingSystem.IsWindows())
        {
            return dataDirectory;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        return Path.Combine("/tmp", "agri-pg-" + hash);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> LogTailAsync(string logFile)
    {
        try
        {
            return Tail(await File.ReadAllTextAsync(logFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(could not read {logFile}: {ex.Message})";
        }
    }

    private static string Tail(string text, int lineCount = 15) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lineCount));
}
