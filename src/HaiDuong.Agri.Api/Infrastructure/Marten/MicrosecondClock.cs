using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// The system clock cut to whole microseconds, PostgreSQL's resolution: a moment read back from the database,
/// or compared with one stored there, is exactly the moment that was recorded.
/// </summary>
public sealed class MicrosecondClock(IClock inner) : IClock
{
    public Instant GetCurrentInstant()
    {
        var ticks = inner.GetCurrentInstant().ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (ticks % (NodaConstants.TicksPerMillisecond / 1000)));
    }
}
