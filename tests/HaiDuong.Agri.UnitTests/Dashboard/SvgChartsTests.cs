using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.Api.Dashboard;

namespace HaiDuong.Agri.UnitTests.Dashboard;

/// <summary>The dashboard's server-drawn charts: scales, ticks, bars, paths, and numbers as Việt Nam writes them.</summary>
public sealed partial class SvgChartsTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(7L, "7")]
    [InlineData(999L, "999")]
    [InlineData(1_000L, "1.000")]
    [InlineData(1_234_567L, "1.234.567")]
    [InlineData(-45_000L, "-45.000")]
    [InlineData(9_000_000_000L, "9.000.000.000")]
    public void Numbers_are_grouped_by_thousands_with_dots(long value, string expected) =>
        SvgCharts.Number(value).Should().Be(expected);

    [Fact]
    public void Amounts_of_dong_carry_the_sign_after_a_space() =>
        SvgCharts.Vnd(1_234_567).Should().Be("1.234.567 ₫");

    [Fact]
    public void Numbers_do_not_follow_the_thread_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("en-US");
            SvgCharts.Number(1_234_567).Should().Be("1.234.567");
            SvgCharts.Coordinate(1234.25).Should().Be("1234.25", "no group separator in a coordinate");
            CultureInfo.CurrentCulture = new CultureInfo("vi-VN");
            SvgCharts.Coordinate(0.5).Should().Be("0.5", "SVG coordinates always use a decimal point");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(0L, new long[] { 0, 1 })]
    [InlineData(1L, new long[] { 0, 1 })]
    [InlineData(7L, new long[] { 0, 2, 4, 6, 8 })]
    [InlineData(10L, new long[] { 0, 2, 4, 6, 8, 10 })]
    [InlineData(37L, new long[] { 0, 10, 20, 30, 40 })]
    [InlineData(3_400_000L, new long[] { 0, 1_000_000, 2_000_000, 3_000_000, 4_000_000 })]
    public void Ticks_start_at_zero_and_step_by_one_two_or_five_times_a_power_of_ten(long max, long[] expected) =>
        SvgCharts.NiceTicks(max).Should().Equal(expected);

    [Fact]
    public void Ticks_always_reach_the_largest_value_with_few_steps()
    {
        foreach (var max in new long[] { 3, 11, 99, 101, 555, 12_345, 987_654_321 })
        {
            var ticks = SvgCharts.NiceTicks(max);
            ticks[0].Should().Be(0);
            ticks[^1].Should().BeGreaterThanOrEqualTo(max);
            ticks.Count.Should().BeInRange(3, 11);
            var step = ticks[1] - ticks[0];
            ticks.Zip(ticks.Skip(1), (a, b) => b - a).Should().AllBeEquivalentTo(step);
            var mantissa = step / (long)Math.Pow(10, Math.Floor(Math.Log10(step)));
            mantissa.Should().BeOneOf(1, 2, 5);
        }
    }

    [Fact]
    public void A_linear_scale_maps_the_domain_onto_the_range_even_when_reversed()
    {
        var x = new LinearScale(0, 100, 50, 250);
        x.Map(0).Should().Be(50);
        x.Map(50).Should().Be(150);
        x.Map(100).Should().Be(250);

        var y = new LinearScale(0, 10, 200, 0);
        y.Map(0).Should().Be(200);
        y.Map(2.5).Should().Be(150);

        new LinearScale(5, 5, 10, 20).Map(5).Should().Be(10, "an empty domain maps to the start of the range");
    }

    [Fact]
    public void A_path_moves_to_the_first_point_and_draws_lines_to_the_rest()
    {
        SvgCharts.LinePath([(10, 20), (30.5, 40.25), (50.126, 0)]).Should().Be("M10,20L30.5,40.25L50.13,0");
        SvgCharts.LinePath([]).Should().BeEmpty();
    }

    [Fact]
    public void Horizontal_bars_are_as_long_as_their_value_on_the_nice_scale_grouped_per_category()
    {
        var chart = SvgCharts.HorizontalBars(
            ["Đăng ký", "Đã bán hàng"], [new("Trong kỳ", [8, 2]), new("Đến nay", [10, 4])], SvgCharts.Number,
            width: 500, labelWidth: 100, barHeight: 20);

        chart.Ticks.Select(t => t.Value).Should().Equal(0, 2, 4, 6, 8, 10);
        chart.PlotLeft.Should().Be(100);
        chart.PlotRight.Should().Be(430);
        chart.Bars.Should().HaveCount(4);
        var full = chart.Bars.Single(b => b.Category == "Đăng ký" && b.Series == 1);
        full.Value.Should().Be(10);
        full.Width.Should().BeApproximately(330, 1e-9, "the largest value reaches the end of the plot");
        chart.Bars.Single(b => b.Category == "Đã bán hàng" && b.Series == 0).Width.Should().BeApproximately(66, 1e-9);
        chart.Bars.Select(b => b.X).Should().AllBeEquivalentTo(100.0);

        // The bars of a category are stacked inside its band, categories top to bottom, no bar overlapping another.
        var tops = chart.Bars.Select(b => b.Y).ToList();
        tops.Should().BeInAscendingOrder();
        chart.Bars.Zip(chart.Bars.Skip(1), (a, b) => b.Y - a.Y >= a.Height).Should().AllBeEquivalentTo(true);
        chart.Bars.Max(b => b.Y + b.Height).Should().BeLessThanOrEqualTo(chart.PlotBottom);
        chart.Height.Should().BeGreaterThan(chart.PlotBottom, "there is room for the axis labels");
        chart.Bars[0].Text.Should().Be("8");
    }

    [Fact]
    public void Bars_of_nothing_have_no_length_and_a_scale_still()
    {
        var chart = SvgCharts.HorizontalBars(["Xã A"], [new("Trong kỳ", [0])], SvgCharts.Number);
        chart.Bars.Single().Width.Should().Be(0);
        chart.Ticks.Select(t => t.Label).Should().Equal("0", "1");
    }

    [Fact]
    public void Lines_put_each_category_at_an_even_step_and_each_value_on_the_y_scale()
    {
        var chart = SvgCharts.Lines(
            ["01/2026", "02/2026", "03/2026"], [new("Shopee", [0, 1_500_000, 3_000_000]), new("Lazada", [500_000, 0, 0])], SvgCharts.Vnd,
            width: 420, height: 200, left: 100);

        chart.PlotLeft.Should().Be(100);
        chart.PlotRight.Should().Be(404);
        chart.YTicks.Select(t => t.Label).Should().Equal("0 ₫", "1.000.000 ₫", "2.000.000 ₫", "3.000.000 ₫");
        chart.YTicks[0].Position.Should().Be(chart.PlotBottom);
        chart.YTicks[^1].Position.Should().Be(chart.PlotTop);

        var shopee = chart.Lines[0];
        shopee.Name.Should().Be("Shopee");
        shopee.Points.Select(p => p.X).Should().Equal(100, 252, 404);
        shopee.Points.Select(p => p.Y).Should().Equal(chart.PlotBottom, (chart.PlotBottom + chart.PlotTop) / 2, chart.PlotTop);
        shopee.Points[1].Text.Should().Be("1.500.000 ₫");
        shopee.Path.Should().Be($"M100,{SvgCharts.Coordinate(chart.PlotBottom)}L252,{SvgCharts.Coordinate((chart.PlotBottom + chart.PlotTop) / 2)}L404,{SvgCharts.Coordinate(chart.PlotTop)}");
        PathPoints().Matches(chart.Lines[1].Path).Should().HaveCount(3);
        chart.XLabels.Select(l => l.Label).Should().Equal("01/2026", "02/2026", "03/2026");
    }

    [Fact]
    public void A_single_month_sits_in_the_middle_and_labels_can_be_thinned()
    {
        var one = SvgCharts.Lines(["06/2026"], [new("Shopee", [3])], SvgCharts.Number, width: 400, left: 100);
        one.Lines[0].Points.Single().X.Should().Be((one.PlotLeft + one.PlotRight) / 2);

        var thinned = SvgCharts.Lines(
            [.. Enumerable.Range(1, 12).Select(m => $"{m:00}/2026")], [new("Shopee", [.. Enumerable.Repeat(1L, 12)])], SvgCharts.Number, i => i % 2 == 0);
        thinned.XLabels.Select(l => l.Label).Should().Equal("01/2026", "03/2026", "05/2026", "07/2026", "09/2026", "11/2026");
    }

    [Fact]
    public void Columns_stand_on_the_axis_centred_in_their_slots()
    {
        var chart = SvgCharts.Columns(["01/06/2026", "02/06/2026", "03/06/2026", "04/06/2026"], [0, 5, 10, 3], SvgCharts.Number, width: 416, height: 200, left: 0);
        var slot = (chart.PlotRight - chart.PlotLeft) / 4;
        chart.Columns.Should().HaveCount(4);
        foreach (var (column, i) in chart.Columns.Select((c, i) => (c, i)))
        {
            (column.X + (column.Width / 2)).Should().BeApproximately(chart.PlotLeft + (slot * (i + 0.5)), 1e-9);
            (column.Y + column.Height).Should().BeApproximately(chart.PlotBottom, 1e-9, "every column stands on the x axis");
            column.Width.Should().BeLessThan(slot, "columns keep a gap between them");
        }

        chart.Columns[0].Height.Should().Be(0);
        chart.Columns[2].Y.Should().Be(chart.PlotTop, "the largest value reaches the top tick (10)");
        chart.Columns[1].Height.Should().BeApproximately((chart.PlotBottom - chart.PlotTop) / 2, 1e-9);
        chart.Columns[3].Text.Should().Be("3");
    }

    [GeneratedRegex(@"[ML]-?[0-9.]+,-?[0-9.]+")]
    private static partial Regex PathPoints();
}
