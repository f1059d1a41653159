using FluentAssertions;

using HaiDuong.Agri.Domain.Households;

using NodaTime;

namespace HaiDuong.Agri.UnitTests.Households;

public class HouseholdTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 10, 0);

    private static readonly RegisterHousehold Command = new(
        Guid.NewGuid(), "Nguyễn Văn Bình", "0912345678", "30", "10549", "Thôn Thúy Lâm", Guid.NewGuid());

    [Fact]
    public void Register_produces_an_event_carrying_the_command_values_and_now()
    {
        Household.Register(Command, Now).Should().Be(new HouseholdRegistered(
            Command.HouseholdId, "Nguyễn Văn Bình", "0912345678", "30", "10549", "Thôn Thúy Lâm", Command.CooperativeId,
            Now));
    }

    [Fact]
    public void Register_of_a_household_outside_any_cooperative_has_no_cooperative()
    {
        var registered = Household.Register(Command with { CooperativeId = null, Address = null }, Now);

        registered.CooperativeId.Should().BeNull();
        registered.Address.Should().BeNull();
    }

    [Fact]
    public void From_builds_the_state_from_the_registration()
    {
        var registered = Household.Register(Command, Now);

        Household.From(registered).Should().Be(new Household(
            Command.HouseholdId, "Nguyễn Văn Bình", "0912345678", "30", "10549", "Thôn Thúy Lâm", Command.CooperativeId,
            Now));
    }
}
