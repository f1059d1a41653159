using HaiDuong.Agri.Domain.Regions;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>A province's register as a whole: its name, where its codes come from, how many units it holds.</summary>
public sealed record RegionView(
    string ProvinceCode,
    string Name,
    string Source,
    int Communes,
    int ActiveCommunes,
    Instant LoadedAt,
    Instant ChangedAt,
    long Version)
{
    public static RegionView Of(ProvinceRegister register) => new(
        register.ProvinceCode, register.Name, register.Source, register.Communes.Count, register.Communes.Count(c => c.RetiredOn is null),
        register.LoadedAt, register.ChangedAt, register.Version);
}

/// <summary>One commune-level unit: official code, name and kind; a retired one carries the day it stopped taking registrations.</summary>
public sealed record CommuneView(
    string Code,
    string Name,
    CommuneKind Kind,
    string ProvinceCode,
    string ProvinceName,
    LocalDate? RetiredOn,
    string? RetirementReason,
    long Version)
{
    public static CommuneView Of(ProvinceRegister register, RegisteredCommune commune) => new(
        commune.Code, commune.Name, commune.Kind, register.ProvinceCode, register.Name, commune.RetiredOn, commune.RetirementReason, register.Version);
}

/// <summary>A province's communes, in the register's order (the official list's, then those added).</summary>
public sealed record CommuneList(string ProvinceCode, string ProvinceName, IReadOnlyList<CommuneListItem> Items, long Version);

public sealed record CommuneListItem(string Code, string Name, CommuneKind Kind, LocalDate? RetiredOn)
{
    public static CommuneListItem Of(RegisteredCommune commune) => new(commune.Code, commune.Name, commune.Kind, commune.RetiredOn);
}
