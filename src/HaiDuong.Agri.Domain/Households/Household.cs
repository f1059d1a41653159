using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Households;

/// <summary>A farming household (hộ nông dân): the stream's state and its read model.</summary>
public sealed partial record Household(
    Guid Id,
    string Name,
    string Phone,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    Guid? CooperativeId,
    Instant RegisteredAt)
{
    public long Version { get; init; }

    /// <summary>When the household reached each e-commerce milestone, and its stage.</summary>
    public Onboarding Onboarding { get; init; } = new(FieldTime.DateOf(RegisteredAt));

    /// <summary>The district the commune belonged to before July 2025 (history only; addresses are province → commune).</summary>
    public string? FormerDistrict { get; init; }

    public static Household From(HouseholdRegistered e) =>
        new(e.HouseholdId, e.Name, e.Phone, e.ProvinceCode, e.CommuneCode, e.Address, e.CooperativeId, e.RegisteredAt)
        {
            FormerDistrict = e.FormerDistrict,
        };

    public Household Then(object @event) => @event switch
    {
        HouseholdOnboarded e => this with { Onboarding = Onboarding.With(e.Milestone, e.ReachedOn) },
        _ => this,
    };
}
