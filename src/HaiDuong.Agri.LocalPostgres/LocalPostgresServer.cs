using System.Diagnostics;
using System.Net;

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
public sealed partial class LocalPostgresServer : IAsyncDisposable
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
