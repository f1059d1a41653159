namespace HaiDuong.Agri.Benchmarks;

/// <summary>The size of a run: full, or a tenth of it with <c>--quick</c> (every scenario, in well under two minutes).</summary>
public static class Scale
{
    public static bool Quick { get; set; }

    public static int Of(int full) => Quick ? Math.Max(1, full / 10) : full;

    public static TimeSpan Of(TimeSpan full) => Quick ? full / 5 : full;
}
