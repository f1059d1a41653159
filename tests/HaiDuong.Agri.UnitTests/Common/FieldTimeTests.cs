using FluentAssertions;

using HaiDuong.Agri.Domain.Common;

using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;

namespace HaiDuong.Agri.UnitTests.Common;

public class FieldTimeTests
{
    private static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    [Fact]
    public void Field_zone_is_Asia_Ho_Chi_Minh()
    {
        FieldTime.Zone.Id.Should().Be("Asia/Ho_Chi_Minh");
    }

    [Theory]
    [InlineData("2026-06-02T16:59:59Z", "2026-06-02")]
    [InlineData("2026-06-02T17:00:00Z", "2026-06-03")]
    [InlineData("2026-06-02T00:00:00Z", "2026-06-02")]
    [InlineData("2026-12-31T16:59:59Z", "2026-12-31")]
    [InlineData("2026-12-31T17:00:00Z", "2027-01-01")]
    public void Date_of_an_instant_is_its_local_date_in_Viet_Nam(string instant, string localDate)
    {
        FieldTime.DateOf(At(instant)).Should().Be(Date(localDate));
    }

    [Theory]
    [InlineData("2026-06-02T16:59:59Z", "2026-06-02")]
    [InlineData("2026-06-02T17:00:00Z", "2026-06-03")]
    public void Today_is_the_local_date_in_Viet_Nam(string now, string today)
    {
        var clock = new FakeClock(At(now));

        FieldTime.Today(clock.GetCurrentInstant()).Should().Be(Date(today));
    }

    [Fact]
    public void Today_changes_at_local_midnight_not_utc_midnight()
    {
        var clock = new FakeClock(At("2026-06-02T16:59:59Z"));
        FieldTime.Today(clock.GetCurrentInstant()).Should().Be(Date("2026-06-02"));

        clock.Advance(Duration.FromSeconds(1));
        FieldTime.Today(clock.GetCurrentInstant()).Should().Be(Date("2026-06-03"));

        clock.AdvanceHours(7);
        FieldTime.Today(clock.GetCurrentInstant()).Should().Be(Date("2026-06-03"));
    }

    [Theory]
    [InlineData("2026-06-03", "2026-06-02T17:00:00Z")]
    [InlineData("2026-01-01", "2025-12-31T17:00:00Z")]
    public void Start_of_a_local_date_is_its_local_midnight(string localDate, string instant)
    {
        FieldTime.StartOf(Date(localDate)).Should().Be(At(instant));
    }

    [Fact]
    public void Start_of_a_date_falls_on_that_date()
    {
        FieldTime.DateOf(FieldTime.StartOf(Date("2026-06-03"))).Should().Be(Date("2026-06-03"));
    }
}
