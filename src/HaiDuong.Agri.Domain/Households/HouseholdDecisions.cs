using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Households;

public sealed partial record Household
{
    public static HouseholdRegistered Register(RegisterHousehold command, Instant now) =>
        new(command.HouseholdId, command.Name, command.Phone, command.ProvinceCode, command.CommuneCode,
            command.Address, command.CooperativeId, now)
        {
            FormerDistrict = command.FormerDistrict,
        };
}

public static class OnboardingDecisions
{
    /// <summary>Records a completed course; the first one also reaches the <c>trained</c> milestone.</summary>
    public static IReadOnlyList<object> Train(Household household, string course, LocalDate completedOn, Instant now) =>
        [new HouseholdTrained(household.Id, course, completedOn, now), .. Reach(household, Milestone.Trained, completedOn, now)];

    /// <summary>The milestone's event the first time it is reached; nothing after that (the first date stands).</summary>
    public static IReadOnlyList<object> Reach(Household household, Milestone milestone, LocalDate on, Instant now) =>
        household.Onboarding.On(milestone) is not null
            ? []
            : [new HouseholdOnboarded(household.Id, household.CommuneCode, milestone, on, now)];

    /// <summary>Reaching a milestone by something done now (linking, listing): dated today in Việt Nam.</summary>
    public static IReadOnlyList<object> ReachNow(Household household, Milestone milestone, Instant now) =>
        Reach(household, milestone, FieldTime.DateOf(now), now);
}
