using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace HaiDuong.Agri.LocalPostgres;

/// <summary>Finds the folder holding the PostgreSQL server programs (initdb, pg_ctl, postgres).</summary>
public static class PostgresBinaries
{
    /// <summary>
    /// Returns <paramref name="preferred"/> when it holds initdb and pg_ctl (and null when it does not);
    /// otherwise looks on PATH, then asks <c>pg_config --bindir</c>, then takes the highest /usr/lib/postgresql/*/bin.
    /// </summary>
    public static string? FindBinDirectory(string? preferred = null)
    {
        if (!string.IsNullOrWhiteSpace(preferred))
        {
            return HasServerPrograms(preferred) ? Path.GetFullPath(preferred) : null;
        }

        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? onPath = path.FirstOrDefault(HasServerPrograms);
        if (onPath is not null)
        {
            return FollowSymlinks(onPath);
        }

        string? fromPgConfig = AskPgConfig();
        if (fromPgConfig is not null && HasServerPrograms(fromPgConfig))
        {
            return fromPgConfig;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debianRoot)
            .Select(dir => (Version: double.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out double v) ? v : -1, Bin: Path.Combine(dir, "bin")))
            .Where(candidate => candidate.Version >= 0 && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    internal static string Program(string binDirectory, string name) =>
        Path.Combine(binDirectory, OperatingSystem.IsWindows() ? name + ".exe" : name);

    internal static string NotFoundMessage(string? preferred) => string.IsNullOrWhiteSpace(preferred)
        ? "No PostgreSQL server binaries were found (looked for initdb on PATH, via pg_config and in /usr/lib/postgresql/*/bin): "
            + "install them with 'apt-get install postgresql' or set ConnectionStrings:Marten to an existing server."
        : $"No PostgreSQL server binaries (initdb and pg_ctl) were found in {preferred}: "
            + "install them with 'apt-get install postgresql', point the bin directory at them, or set ConnectionStrings:Marten to an existing server.";

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Program(directory, "initdb")) && File.Exists(Program(directory, "pg_ctl"));

    // /usr/local/bin/initdb may be a symlink into /usr/lib/postgresql/15/bin: report the real folder.
    private static string FollowSymlinks(string directory)
    {
        FileSystemInfo? target = new FileInfo(Program(directory, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        string? realDirectory = Path.GetDirectoryName(target?.FullName);
        return realDirectory is not null && HasServerPrograms(realDirectory) ? realDirectory : Path.GetFullPath(directory);
    }

    private static string? AskPgConfig()
    {
        var info = new ProcessStartInfo("pg_config")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--bindir");
        try
        {
            using Process? process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            string output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(5000) && process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }
}

/// <summary>Runs initdb, pg_ctl and friends, as the 'postgres' OS user when this process is root.</summary>
internal static class ChildProcess
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asPostgres)
        {
            // The postgres user may not be allowed into our current directory (e.g. /root/project).
            info.WorkingDirectory = "/";
            foreach (string prefix in new[] { "-u", "postgres", "--", fileName })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new LocalPostgresUnavailableException($"Could not run {fileName}.");
        }
        catch (Win32Exception ex)
        {
            throw new LocalPostgresUnavailableException($"Could not run {info.FileName}: {ex.Message}.", ex);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
        }
    }
}
