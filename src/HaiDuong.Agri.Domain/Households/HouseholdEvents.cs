using NodaTime;

namespace HaiDuong.Agri.Domain.Households;

public sealed record HouseholdRegistered(
    Guid HouseholdId,
    string Name,
    string Phone,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    Guid? CooperativeId,
    Instant RegisteredAt)
{
    public string? FormerDistrict { get; init; }
}

/// <summary>
/// The e-commerce onboarding milestones of a household, in the order the province counts them (JSON:
/// <c>registered</c>, <c>trained</c>, <c>account-linked</c>, <c>listed</c>, <c>selling</c>).
/// </summary>
public enum Milestone
{
    Registered,
    Trained,
    AccountLinked,
    Listed,
    Selling,
}

/// <summary>A household member completed a digital-skills course (every course is recorded; the first one is the milestone).</summary>
public sealed record HouseholdTrained(Guid HouseholdId, string Course, LocalDate CompletedOn, Instant RecordedAt);

/// <summary>
/// A household reached an onboarding milestone for the first time (trained, account linked, first listing, first sale).
/// Carries the commune so province statistics can count it without looking the household up.
/// </summary>
public sealed record HouseholdOnboarded(Guid HouseholdId, string CommuneCode, Milestone Milestone, LocalDate ReachedOn, Instant RecordedAt);

/// <summary>When a household reached each milestone. They may come in any order; the stage is the furthest one reached.</summary>
public sealed record Onboarding(
    LocalDate Registered,
    LocalDate? Trained = null,
    LocalDate? AccountLinked = null,
    LocalDate? Listed = null,
    LocalDate? Selling = null)
{
    public Milestone Stage =>
        Selling is not null ? Milestone.Selling
        : Listed is not null ? Milestone.Listed
        : AccountLinked is not null ? Milestone.AccountLinked
        : Trained is not null ? Milestone.Trained
        : Milestone.Registered;

    public LocalDate? On(Milestone milestone) => milestone switch
    {
        Milestone.Registered => Registered,
        Milestone.Trained => Trained,
        Milestone.AccountLinked => AccountLinked,
        Milestone.Listed => Listed,
        _ => Selling,
    };

    public Onboarding With(Milestone milestone, LocalDate on) => milestone switch
    {
        Milestone.Trained => this with { Trained = on },
        Milestone.AccountLinked => this with { AccountLinked = on },
        Milestone.Listed => this with { Listed = on },
        Milestone.Selling => this with { Selling = on },
        _ => this,
    };
}
