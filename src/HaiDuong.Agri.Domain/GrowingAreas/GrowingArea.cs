using NodaTime;

namespace HaiDuong.Agri.Domain.GrowingAreas;

public sealed record GrowingAreaRegistered(
    Guid GrowingAreaId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Name,
    string Crop,
    decimal AreaM2,
    string CommuneCode,
    string? AreaCode,
    double? Latitude,
    double? Longitude,
    Instant RegisteredAt);

public sealed record RegisterGrowingArea(
    Guid GrowingAreaId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Name,
    string Crop,
    decimal AreaM2,
    string CommuneCode,
    string? AreaCode,
    double? Latitude,
    double? Longitude);

/// <summary>A growing area (vùng trồng) of one household; <see cref="AreaCode"/> is its mã số vùng trồng.</summary>
public sealed record GrowingArea(
    Guid Id,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Name,
    string Crop,
    decimal AreaM2,
    string CommuneCode,
    string? AreaCode,
    double? Latitude,
    double? Longitude,
    Instant RegisteredAt)
{
    public long Version { get; init; }

    public static GrowingArea From(GrowingAreaRegistered e) =>
        new(e.GrowingAreaId, e.HouseholdId, e.CooperativeId, e.Name, e.Crop, e.AreaM2, e.CommuneCode, e.AreaCode,
            e.Latitude, e.Longitude, e.RegisteredAt);

    public static GrowingAreaRegistered Register(RegisterGrowingArea c, Instant now) =>
        new(c.GrowingAreaId, c.HouseholdId, c.CooperativeId, c.Name, c.Crop, c.AreaM2, c.CommuneCode, c.AreaCode,
            c.Latitude, c.Longitude, now);
}
