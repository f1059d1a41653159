using System.Diagnostics;
using System.Globalization;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// CPU used by this process (the app and the load generator together) and by one PostgreSQL cluster (its postmaster,
/// live backends, and backends already reaped), read from /proc: where a phase's time went, in cores.
/// Elsewhere than Linux, PostgreSQL reads as zero.
/// </summary>
public sealed class CpuMeter(string postgresDataDirectory)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    public readonly record struct Sample(long Timestamp, TimeSpan Process, TimeSpan Postgres);

    public Sample Take()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new Sample(Stopwatch.GetTimestamp(), self.TotalProcessorTime, PostgresTime());
    }

    /// <summary>Cores used between two samples: this process's, PostgreSQL's.</summary>
    public static (double Process, double Postgres) Cores(Sample from, Sample to)
    {
        var seconds = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        return ((to.Process - from.Process).TotalSeconds / seconds, (to.Postgres - from.Postgres).TotalSeconds / seconds);
    }

    private TimeSpan PostgresTime()
    {
        try
        {
            var pidFile = Path.Combine(postgresDataDirectory, "postmaster.pid");
            if (!OperatingSystem.IsLinux() || !File.Exists(pidFile)
                || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postmaster))
            {
                return TimeSpan.Zero;
            }

            long ticks = 0;
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(folder, "stat"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // gone meanwhile
                }

                // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17): fields after the comm's ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster)
                {
                    ticks += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)); // with its reaped children
                }
                else if (parent == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }

            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return TimeSpan.Zero;
        }
    }
}
