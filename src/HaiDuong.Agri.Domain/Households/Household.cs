using HaiDuong.Agri.Domain.Common;
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

public sealed record RegisterHousehold(
    Guid HouseholdId,
    string Name,
    string Phone,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    Guid? CooperativeId,
    string? FormerDistrict = null);

/// <summary>A farming household (hộ nông dân): the stream's state and its read model.</summary>
public sealed record Household(
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

    public static HouseholdRegistered Register(RegisterHousehold command, Instant now) =>
        new(command.HouseholdId, command.Name, command.Phone, command.ProvinceCode, command.CommuneCode,
            command.Address, command.CooperativeId, now)
        {
            FormerDistrict = command.FormerDistrict,
        };
}
