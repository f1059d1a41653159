using FluentAssertions;
using HaiDuong.Agri.Domain.Households;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Households;

public sealed class OnboardingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);
    private static readonly LocalDate Day = new(2026, 6, 1);

    private static Household Registered() =>
        Household.From(new HouseholdRegistered(Guid.Parse("0190a1b2-0000-7000-8000-0000000000f2"), "Nguyễn Văn An", "0912345678", "31", "10507", null, null, Now));

    private static Household Reached(Household household, params Milestone[] milestones) =>
        milestones.Aggregate(household, (h, m) => OnboardingDecisions.Reach(h, m, Day, Now).Aggregate(h, (state, e) => state.Then(e)));

    [Fact]
    public void A_new_household_is_registered_on_the_day_it_was_registered_in_Viet_Nam()
    {
        var household = Registered();
        household.Onboarding.Stage.Should().Be(Milestone.Registered);
        household.Onboarding.Registered.Should().Be(new LocalDate(2026, 7, 1));
    }

    [Theory]
    [InlineData(new[] { Milestone.Trained }, Milestone.Trained)]
    [InlineData(new[] { Milestone.AccountLinked }, Milestone.AccountLinked)]
    [InlineData(new[] { Milestone.Selling, Milestone.Trained }, Milestone.Selling)]
    [InlineData(new[] { Milestone.Listed, Milestone.AccountLinked }, Milestone.Listed)]
    [InlineData(new[] { Milestone.Trained, Milestone.Listed }, Milestone.Listed)]
    public void Milestones_come_in_any_order_and_the_furthest_one_is_the_stage(Milestone[] reached, Milestone stage)
    {
        var household = Reached(Registered(), reached);
        household.Onboarding.Stage.Should().Be(stage);
        foreach (var milestone in reached)
        {
            household.Onboarding.On(milestone).Should().Be(Day);
        }

        Enum.GetValues<Milestone>().Except(reached).Except([Milestone.Registered])
            .Should().OnlyContain(m => household.Onboarding.On(m) == null);
    }

    [Fact]
    public void A_milestone_is_reached_once_and_its_first_date_stands()
    {
        var household = Reached(Registered(), Milestone.Selling);
        OnboardingDecisions.Reach(household, Milestone.Selling, Day.PlusDays(9), Now).Should().BeEmpty();
        var first = OnboardingDecisions.Reach(Registered(), Milestone.Listed, Day, Now).Single().Should().BeOfType<HouseholdOnboarded>().Subject;
        first.CommuneCode.Should().Be("10507");
    }

    [Fact]
    public void Every_course_is_recorded_but_only_the_first_reaches_trained()
    {
        var first = OnboardingDecisions.Train(Registered(), "Kỹ năng số", Day, Now);
        first.Should().HaveCount(2);
        var trained = first.Aggregate(Registered(), (h, e) => h.Then(e));
        OnboardingDecisions.Train(trained, "Livestream bán hàng", Day.PlusDays(30), Now).Should().ContainSingle().Which.Should().BeOfType<HouseholdTrained>();
        trained.Onboarding.Trained.Should().Be(Day);
    }
}
