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
    Instant RegisteredAt);

public sealed record RegisterHousehold(
    Guid HouseholdId,
    string Name,
    string Phone,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    Guid? CooperativeId);

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

    public static Household From(HouseholdRegistered e) =>
        new(e.HouseholdId, e.Name, e.Phone, e.ProvinceCode, e.CommuneCode, e.Address, e.CooperativeId, e.RegisteredAt);

    public static HouseholdRegistered Register(RegisterHousehold command, Instant now) =>
        new(command.HouseholdId, command.Name, command.Phone, command.ProvinceCode, command.CommuneCode,
            command.Address, command.CooperativeId, now);
}
