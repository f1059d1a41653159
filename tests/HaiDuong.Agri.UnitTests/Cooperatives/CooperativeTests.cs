using FluentAssertions;

using HaiDuong.Agri.Domain.Cooperatives;

using NodaTime;

namespace HaiDuong.Agri.UnitTests.Cooperatives;

public class CooperativeTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 10, 0);

    private static readonly RegisterCooperative Command = new(
        Guid.NewGuid(), "HTX Nông nghiệp Thanh Hà", "30", "10549", "Thôn Thúy Lâm, xã Thanh Hà", "0220 3812 345");

    [Fact]
    public void Register_produces_an_event_carrying_the_command_values_and_now()
    {
        Cooperative.Register(Command, Now).Should().Be(new CooperativeRegistered(
            Command.CooperativeId, "HTX Nông nghiệp Thanh Hà", "30", "10549", "Thôn Thúy Lâm, xã Thanh Hà",
            "0220 3812 345", Now));
    }

    [Fact]
    public void Register_keeps_absent_optional_values_absent()
    {
        var registered = Cooperative.Register(Command with { Address = null, Phone = null }, Now);

        registered.Address.Should().BeNull();
        registered.Phone.Should().BeNull();
    }

    [Fact]
    public void From_builds_the_state_from_the_registration()
    {
        var registered = Cooperative.Register(Command, Now);

        Cooperative.From(registered).Should().Be(new Cooperative(
            Command.CooperativeId, "HTX Nông nghiệp Thanh Hà", "30", "10549", "Thôn Thúy Lâm, xã Thanh Hà",
            "0220 3812 345", Now));
    }
}
