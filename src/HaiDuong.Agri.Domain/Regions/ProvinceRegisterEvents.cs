using NodaTime;

namespace HaiDuong.Agri.Domain.Regions;

/// <summary>The three kinds of commune-level unit since July 2025 (JSON: <c>ward</c>, <c>commune</c>, <c>special-zone</c>).</summary>
public enum CommuneKind
{
    /// <summary>Phường.</summary>
    Ward,

    /// <summary>Xã.</summary>
    Commune,

    /// <summary>Đặc khu (an island special zone).</summary>
    SpecialZone,
}

/// <summary>A commune-level unit as a register is loaded with it.</summary>
public sealed record CommuneEntry(string Code, string Name, CommuneKind Kind);

/// <summary>A province's register was loaded (from the shipped data file at start, or by an admin), with the source it came from.</summary>
public sealed record ProvinceRegisterLoaded(
    Guid RegisterId, string ProvinceCode, string Name, string Source, IReadOnlyList<CommuneEntry> Communes, Instant LoadedAt);

public sealed record CommuneAdded(Guid RegisterId, string ProvinceCode, string Code, string Name, CommuneKind Kind, Instant AddedAt);

public sealed record CommuneRenamed(Guid RegisterId, string ProvinceCode, string Code, string Name, string PreviousName, Instant RenamedAt);

/// <summary>A commune-level unit no longer takes new registrations from <see cref="On"/>; what was registered with it keeps its code.</summary>
public sealed record CommuneRetired(Guid RegisterId, string ProvinceCode, string Code, LocalDate On, string? Reason, Instant RetiredAt);
