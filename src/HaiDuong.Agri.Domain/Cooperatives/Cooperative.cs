using NodaTime;

namespace HaiDuong.Agri.Domain.Cooperatives;

public sealed record CooperativeRegistered(
    Guid CooperativeId,
    string Name,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    string? Phone,
    Instant RegisteredAt);

public sealed record RegisterCooperative(
    Guid CooperativeId,
    string Name,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    string? Phone);

/// <summary>A cooperative (hợp tác xã, HTX): the stream's state and its read model.</summary>
public sealed record Cooperative(
    Guid Id,
    string Name,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    string? Phone,
    Instant RegisteredAt)
{
    public long Version { get; init; }

    public static Cooperative From(CooperativeRegistered e) =>
        new(e.CooperativeId, e.Name, e.ProvinceCode, e.CommuneCode, e.Address, e.Phone, e.RegisteredAt);

    public static CooperativeRegistered Register(RegisterCooperative command, Instant now) =>
        new(command.CooperativeId, command.Name, command.ProvinceCode, command.CommuneCode, command.Address, command.Phone, now);
}
