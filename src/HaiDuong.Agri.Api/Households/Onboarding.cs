using HaiDuong.Agri.Domain.Households;
using Marten;
using NodaTime;

namespace HaiDuong.Agri.Api.Households;

/// <summary>When each milestone was reached (null: not yet), and the furthest one.</summary>
public sealed record OnboardingView(
    Guid HouseholdId,
    string ProvinceCode,
    string CommuneCode,
    Milestone Stage,
    LocalDate Registered,
    LocalDate? Trained,
    LocalDate? AccountLinked,
    LocalDate? Listed,
    LocalDate? Selling,
    long Version)
{
    public static OnboardingView Of(Household h) => new(
        h.Id, h.ProvinceCode, h.CommuneCode, h.Onboarding.Stage, h.Onboarding.Registered, h.Onboarding.Trained, h.Onboarding.AccountLinked,
        h.Onboarding.Listed, h.Onboarding.Selling, h.Version);
}

public static class OnboardingMilestones
{
    /// <summary>
    /// Records on the household's stream that it reached <paramref name="milestone"/> (the first time only), in the
    /// command's transaction — a listing, a sale or a linked shop moves the household's stage at once.
    /// </summary>
    public static async Task ReachAsync(this IDocumentSession session, Guid householdId, Milestone milestone, LocalDate on, Instant now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Household>(householdId, ct);
        if (stream.Aggregate is { } household)
        {
            stream.AppendMany(OnboardingDecisions.Reach(household, milestone, on, now));
        }
    }
}
