using System.Collections.Immutable;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Regions;

/// <summary>
/// The register of a province's commune-level units (phường, xã, đặc khu) since the two-level structure of 1 July 2025:
/// official codes with their names. The stream's state and its read model; one stream per province.
/// </summary>
public sealed partial record ProvinceRegister(
    Guid Id,
    string ProvinceCode,
    string Name,
    string Source,
    ImmutableList<RegisteredCommune> Communes,
    Instant LoadedAt)
{
    public long Version { get; init; }

    /// <summary>When the register last changed (loaded, a commune added, renamed or retired).</summary>
    public Instant ChangedAt { get; init; } = LoadedAt;

    /// <summary>The register's stream id: a function of the province code, so every instance finds the same stream.</summary>
    public static Guid StreamId(string provinceCode) => StableId.From("province-register:" + provinceCode);

    public RegisteredCommune? Find(string code) => Communes.Find(c => c.Code == code);

    public static ProvinceRegister From(ProvinceRegisterLoaded e) =>
        new(e.RegisterId, e.ProvinceCode, e.Name, e.Source, [.. e.Communes.Select(c => new RegisteredCommune(c.Code, c.Name, c.Kind))], e.LoadedAt);

    public ProvinceRegister Then(object @event) => @event switch
    {
        CommuneAdded e => this with { Communes = Communes.Add(new RegisteredCommune(e.Code, e.Name, e.Kind)), ChangedAt = e.AddedAt },
        CommuneRenamed e when Find(e.Code) is { } commune =>
            this with { Communes = Communes.Replace(commune, commune with { Name = e.Name }), ChangedAt = e.RenamedAt },
        CommuneRetired e when Find(e.Code) is { } commune =>
            this with { Communes = Communes.Replace(commune, commune with { RetiredOn = e.On, RetirementReason = e.Reason }), ChangedAt = e.RetiredAt },
        _ => this,
    };
}

/// <summary>One commune-level unit of the register. A retired one keeps its code and name (earlier records still show it).</summary>
public sealed record RegisteredCommune(string Code, string Name, CommuneKind Kind)
{
    public LocalDate? RetiredOn { get; init; }

    public string? RetirementReason { get; init; }
}
