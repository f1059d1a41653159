using NodaTime;

namespace HaiDuong.Agri.Domain.Common;

/// <summary>Calendar dates in the field are local dates in Việt Nam.</summary>
public static class FieldTime
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"];

    public static LocalDate Today(Instant now) => now.InZone(Zone).Date;

    public static LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>The moment a dated step is placed on the timeline when the phone sent no time: the start of that day.</summary>
    public static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(Zone).ToInstant();
}
