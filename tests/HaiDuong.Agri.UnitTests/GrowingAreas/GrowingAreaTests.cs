using FluentAssertions;

using HaiDuong.Agri.Domain.GrowingAreas;

using NodaTime;

namespace HaiDuong.Agri.UnitTests.GrowingAreas;

public class GrowingAreaTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 10, 0);

    private static readonly RegisterGrowingArea Command = new(
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Vườn vải sau nhà", "Vải thiều", 2500.5m, "10549",
        "VN-HD-TH-001", 20.8876, 106.4343);

    [Fact]
    public void Register_produces_an_event_carrying_the_command_values_and_now()
    {
        GrowingArea.Register(Command, Now).Should().Be(new GrowingAreaRegistered(
            Command.GrowingAreaId, Command.HouseholdId, Command.CooperativeId, "Vườn vải sau nhà", "Vải thiều", 2500.5m,
            "10549", "VN-HD-TH-001", 20.8876, 106.4343, Now));
    }

    [Fact]
    public void Register_keeps_absent_optional_values_absent()
    {
        var registered = GrowingArea.Register(
            Command with { CooperativeId = null, AreaCode = null, Latitude = null, Longitude = null }, Now);

        registered.CooperativeId.Should().BeNull();
        registered.AreaCode.Should().BeNull();
        registered.Latitude.Should().BeNull();
        registered.Longitude.Should().BeNull();
    }

    [Fact]
    public void From_builds_the_state_from_the_registration()
    {
        var registered = GrowingArea.Register(Command, Now);

        GrowingArea.From(registered).Should().Be(new GrowingArea(
            Command.GrowingAreaId, Command.HouseholdId, Command.CooperativeId, "Vườn vải sau nhà", "Vải thiều", 2500.5m,
            "10549", "VN-HD-TH-001", 20.8876, 106.4343, Now));
    }
}
