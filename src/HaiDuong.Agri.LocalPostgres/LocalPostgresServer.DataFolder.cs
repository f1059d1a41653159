using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace HaiDuong.Agri.LocalPostgres;

// The data folder: where it is by default, its log and socket folders, handing them to the 'postgres' user as root, initdb.
public sealed partial class LocalPostgresServer
{
    /// <summary>Root: /var/lib/haiduong-agri/postgres (root's home is closed to the postgres user); otherwise ./.data/postgres.</summary>
    public static string DefaultDataDirectory() => ChildProcess.IsRoot
        ? "/var/lib/haiduong-agri/postgres"
        : Path.Combine(Environment.CurrentDirectory, ".data", "postgres");

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
}
