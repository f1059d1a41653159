using System.Diagnostics;
using System.Globalization;
using HaiDuong.Agri.Benchmarks;

// Usage: dotnet run -c Release --project tests/HaiDuong.Agri.Benchmarks -- [--quick] [scenario ...]   (no scenario = all)
// --quick runs every scenario at a tenth of its size: CI runs it so the harness cannot rot; its timings mean little.
var scenarios = new Dictionary<string, Func<Task<IReadOnlyList<Row>>>>(StringComparer.OrdinalIgnoreCase)
{
    ["labels"] = LabelScenarios.RunAsync,
    ["trace"] = TraceScenarios.RunAsync,
    ["feed"] = FeedScenarios.RunAsync,
    ["sync"] = SyncScenarios.RunAsync,
    ["ingest"] = IngestScenarios.RunAsync,
    ["rebuild"] = RebuildScenarios.RunAsync,
    ["stats"] = StatsScenarios.RunAsync,
};

Scale.Quick = args.Contains("--quick");
var named = args.Where(a => a != "--quick").ToArray();
var selected = named.Length == 0 ? [.. scenarios.Keys] : named;
var unknown = selected.Where(name => !scenarios.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", scenarios.Keys)}.");
    return 2;
}

if (!Stopwatch.IsHighResolution || Debugger.IsAttached)
{
    Console.Error.WriteLine("Warning: timings need a high-resolution clock and no debugger.");
}

#if DEBUG
Console.Error.WriteLine("Warning: a Debug build; run with -c Release for numbers worth comparing.");
#endif

var rows = new List<Row>();
foreach (var name in selected)
{
    Console.Error.WriteLine($"Running {name} …");
    rows.AddRange(await scenarios[name]());
}

Console.WriteLine(Row.Table(rows));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}"));
// A quick run proves the harness runs; only a full run's targets count.
return Scale.Quick || rows.All(r => r.MeetsTarget) ? 0 : 1;
