using System.Globalization;
using System.Text;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>One line of the results table: what was measured, against what, and whether it meets its target.</summary>
public sealed record Row(string Scenario, string Ours, string Baseline, string Ratio, string Target, bool MeetsTarget, string Notes = "")
{
    public static string Table(IReadOnlyList<Row> rows)
    {
        string[] headers = ["scenario", "ours", "baseline (same run)", "ratio", "target", "met", "notes"];
        var cells = rows.Select(r => new[] { r.Scenario, r.Ours, r.Baseline, r.Ratio, r.Target, r.MeetsTarget ? "yes" : "NO", r.Notes }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var table = new StringBuilder();
        AppendLine(table, headers, widths);
        table.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).Append("|\n");
        foreach (var row in cells)
        {
            AppendLine(table, row, widths);
        }

        return table.ToString();
    }

    /// <summary>Numbers in the table are written the same way on every machine.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000 's'", CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0 'MB'", CultureInfo.InvariantCulture);

    private static void AppendLine(StringBuilder table, string[] cells, int[] widths)
    {
        table.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            table.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        }

        table.Append('\n');
    }
}
