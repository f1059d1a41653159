using System.Globalization;
using System.Text;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>A linear map from data values (<see cref="DomainMin"/> to <see cref="DomainMax"/>) to SVG coordinates.</summary>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>Where <paramref name="value"/> falls; an empty domain maps everything to <see cref="RangeMin"/>.</summary>
    public double Map(double value) =>
        DomainMax == DomainMin ? RangeMin : RangeMin + ((value - DomainMin) / (DomainMax - DomainMin) * (RangeMax - RangeMin));
}

/// <summary>A labelled position along an axis.</summary>
public sealed record Tick(double Position, long Value, string Label);

/// <summary>One named series of values, one per category.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<long> Values);

/// <summary>A bar: its category and series, its value (with the text a reader sees) and its rectangle.</summary>
public sealed record Bar(string Category, int Series, long Value, string Text, double X, double Y, double Width, double Height);

/// <summary>A point of a line: its category, value (and text) and position.</summary>
public sealed record LinePoint(string Category, long Value, string Text, double X, double Y);

/// <summary>A series drawn as a line: its SVG path and its points.</summary>
public sealed record Line(string Name, int Series, string Path, IReadOnlyList<LinePoint> Points);

/// <summary>Horizontal bars, grouped per category (one bar per series), with the value axis' ticks along the bottom.</summary>
public sealed record HorizontalBarChart(
    double Width, double Height, double PlotLeft, double PlotRight, double PlotBottom,
    IReadOnlyList<string> Categories, IReadOnlyList<double> CategoryCentres, IReadOnlyList<Bar> Bars, IReadOnlyList<Tick> Ticks);

/// <summary>Lines (or columns) over categories along the x axis, with value ticks on the left and some category labels below.</summary>
public sealed record XyChart(
    double Width, double Height, double PlotLeft, double PlotRight, double PlotTop, double PlotBottom,
    IReadOnlyList<Tick> YTicks, IReadOnlyList<(double X, string Label)> XLabels, IReadOnlyList<Line> Lines, IReadOnlyList<Bar> Columns);

/// <summary>
/// The dashboard's charts as geometry, computed on the server with no chart library: scales, "nice" ticks, bar rectangles,
/// line paths and the Vietnamese number formats of their labels. Pure: the same figures always give the same drawing.
/// </summary>
public static class SvgCharts
{
    private static readonly NumberFormatInfo Vietnamese = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NumberGroupSizes = [3] };

    /// <summary>A whole number as Việt Nam writes it: <c>1.234.567</c>.</summary>
    public static string Number(long value) => value.ToString("#,0", Vietnamese);

    /// <summary>An amount of đồng: <c>1.234.567 ₫</c>.</summary>
    public static string Vnd(long value) => Number(value) + " ₫";

    /// <summary>A coordinate for SVG: invariant, at most two decimals (<c>12.5</c>, never <c>12,5</c>).</summary>
    public static string Coordinate(double value) =>
        Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Ticks from 0 to a "nice" maximum at least <paramref name="max"/>: steps of 1, 2 or 5 times a power of ten, about
    /// <paramref name="count"/> of them (at least 0 and 1 when everything is zero).
    /// </summary>
    public static IReadOnlyList<long> NiceTicks(long max, int count = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (max <= 0)
        {
            return [0, 1];
        }

        var step = NiceStep((double)max / count);
        var top = (long)Math.Ceiling(max / (double)step) * step;
        var ticks = new List<long>();
        for (var value = 0L; value <= top; value += step)
        {
            ticks.Add(value);
        }

        return ticks;
    }

    /// <summary>The smallest of 1, 2, 5 × 10ⁿ (whole, at least 1) not below <paramref name="rough"/>.</summary>
    public static long NiceStep(double rough)
    {
        if (rough <= 1)
        {
            return 1;
        }

        var power = (long)Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var factor in new long[] { 1, 2, 5, 10 })
        {
            if (factor * power >= rough - 1e-9)
            {
                return factor * power;
            }
        }

        return 10 * power;
    }

    /// <summary>An SVG path through the points in order: <c>M x,y L x,y …</c> (empty for no points).</summary>
    public static string LinePath(IEnumerable<(double X, double Y)> points)
    {
        var path = new StringBuilder();
        foreach (var (x, y) in points)
        {
            path.Append(path.Length == 0 ? 'M' : 'L').Append(Coordinate(x)).Append(',').Append(Coordinate(y));
        }

        return path.ToString();
    }

    /// <summary>
    /// Bars for each category (top to bottom), one per series inside the category's band, scaled from 0 to the nice maximum
    /// over all values; <paramref name="labelWidth"/> on the left is for the category names.
    /// </summary>
    public static HorizontalBarChart HorizontalBars(
        IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<long, string> format,
        double width = 720, double labelWidth = 190, double barHeight = 18)
    {
        const double Gap = 10;
        const double Axis = 26;
        const double Right = 70;
        var band = (series.Count * barHeight) + Gap;
        var plotBottom = (categories.Count * band) + 4;
        var ticks = NiceTicks(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var scale = new LinearScale(0, ticks[^1], labelWidth, width - Right);
        var bars = new List<Bar>();
        var centres = new List<double>();
        for (var c = 0; c < categories.Count; c++)
        {
            var top = (c * band) + (Gap / 2);
            centres.Add(top + (series.Count * barHeight / 2));
            for (var s = 0; s < series.Count; s++)
            {
                var value = s < series.Count && c < series[s].Values.Count ? series[s].Values[c] : 0;
                bars.Add(new Bar(categories[c], s, value, format(value), labelWidth, top + (s * barHeight), scale.Map(value) - labelWidth, barHeight - 2));
            }
        }

        return new HorizontalBarChart(
            width, plotBottom + Axis, labelWidth, width - Right, plotBottom, categories, centres, bars,
            [.. ticks.Select(t => new Tick(scale.Map(t), t, format(t)))]);
    }

    /// <summary>
    /// One line per series over the categories (evenly spaced left to right), y from 0 to the nice maximum; category labels
    /// below where <paramref name="showLabel"/> says (all by default).
    /// </summary>
    public static XyChart Lines(
        IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<long, string> format,
        Func<int, bool>? showLabel = null, double width = 720, double height = 260, double left = 110)
    {
        var (x, y, yTicks, xLabels, geometry) = Axes(categories, series.SelectMany(s => s.Values), format, showLabel, width, height, left, columns: false);
        var lines = series.Select((s, i) =>
        {
            var points = categories.Select((c, j) =>
            {
                var value = j < s.Values.Count ? s.Values[j] : 0;
                return new LinePoint(c, value, format(value), x(j), y.Map(value));
            }).ToList();
            return new Line(s.Name, i, LinePath(points.Select(p => (p.X, p.Y))), points);
        }).ToList();
        return geometry with { YTicks = yTicks, XLabels = xLabels, Lines = lines };
    }

    /// <summary>One column per category (a single series), y from 0 to the nice maximum; category labels as for <see cref="Lines"/>.</summary>
    public static XyChart Columns(
        IReadOnlyList<string> categories, IReadOnlyList<long> values, Func<long, string> format,
        Func<int, bool>? showLabel = null, double width = 720, double height = 260, double left = 110)
    {
        var (x, y, yTicks, xLabels, geometry) = Axes(categories, values, format, showLabel, width, height, left, columns: true);
        var slot = categories.Count == 0 ? 0 : (geometry.PlotRight - geometry.PlotLeft) / categories.Count;
        var barWidth = Math.Max(slot * 0.8, 0.5);
        var columns = categories.Select((c, j) =>
        {
            var value = j < values.Count ? values[j] : 0;
            var top = y.Map(value);
            return new Bar(c, 0, value, format(value), x(j) - (barWidth / 2), top, barWidth, geometry.PlotBottom - top);
        }).ToList();
        return geometry with { YTicks = yTicks, XLabels = xLabels, Columns = columns };
    }

    private static (Func<int, double> X, LinearScale Y, IReadOnlyList<Tick> YTicks, IReadOnlyList<(double, string)> XLabels, XyChart Geometry) Axes(
        IReadOnlyList<string> categories, IEnumerable<long> values, Func<long, string> format, Func<int, bool>? showLabel,
        double width, double height, double left, bool columns)
    {
        const double Top = 12;
        const double Bottom = 30;
        const double Right = 16;
        var (plotLeft, plotRight, plotBottom) = (left, width - Right, height - Bottom);
        var ticks = NiceTicks(values.DefaultIfEmpty(0).Max());
        var y = new LinearScale(0, ticks[^1], plotBottom, Top);
        double X(int index)
        {
            if (columns)
            {
                var slot = (plotRight - plotLeft) / Math.Max(categories.Count, 1);
                return plotLeft + (slot * (index + 0.5));
            }

            return categories.Count <= 1 ? (plotLeft + plotRight) / 2 : new LinearScale(0, categories.Count - 1, plotLeft, plotRight).Map(index);
        }

        var yTicks = ticks.Select(t => new Tick(y.Map(t), t, format(t))).ToList();
        var xLabels = categories.Select((c, i) => (X: X(i), Label: c, Index: i))
            .Where(l => showLabel?.Invoke(l.Index) ?? true)
            .Select(l => (l.X, l.Label))
            .ToList();
        return (X, y, yTicks, xLabels, new XyChart(width, height, plotLeft, plotRight, Top, plotBottom, [], [], [], []));
    }
}
