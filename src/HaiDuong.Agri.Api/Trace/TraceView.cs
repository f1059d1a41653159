using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.Api.Trace;

public enum TraceStatus
{
    /// <summary>A stamp we issued and that is still live.</summary>
    Genuine,

    /// <summary>A stamp we issued that its producer voided: not a genuine package.</summary>
    Voided,

    /// <summary>No such stamp or lot.</summary>
    Unknown,

    /// <summary>The lot's own page (no serial).</summary>
    Lot,
}

/// <summary>
/// Who grew it and where: <see cref="Commune"/> is the commune's code; the names are those of the province's register
/// (null where the province has none, or it does not hold the code).
/// </summary>
public sealed record TraceHousehold(string Name, string ProvinceCode, string Commune)
{
    public string? ProvinceName { get; init; }

    public string? CommuneName { get; init; }
}

/// <summary>The growing area; <see cref="AreaCode"/> is the growing-area code the lot carries (else the one the area was registered with).</summary>
public sealed record TraceGrowingArea(string Name, string? AreaCode, string Crop, decimal AreaM2)
{
    /// <summary>Every growing-area code the lot carries.</summary>
    public IReadOnlyList<string> AreaCodes { get; init; } = [];
}

public sealed record TraceCertification(Scheme Scheme, string CertificateNumber, LocalDate ValidUntil);

/// <summary>One production step as a consumer sees it; fields that do not apply are null.</summary>
public sealed record TraceStep(
    string Type,
    LocalDate Date,
    Instant OccurredAt,
    string? Kind,
    string? ProductName,
    string? ActiveIngredient,
    decimal? Dose,
    string? Unit,
    int? PreHarvestIntervalDays,
    LocalDate? SafeHarvestFrom,
    bool? PreHarvestIntervalRespected,
    decimal? QuantityKg,
    string? Notes);

public sealed record TraceScans(long Count, Instant? FirstScannedAt);

public sealed record TraceWarning(string Code, string Message);

/// <summary>The public trace view of a unit (one stamp) or a lot, as JSON and as the page's content.</summary>
public sealed record TraceView(
    TraceStatus Status,
    string? Product,
    string Gtin,
    string Lot,
    string? Serial,
    string DigitalLink,
    TraceHousehold? Household,
    string? Cooperative,
    TraceGrowingArea? GrowingArea,
    LocalDate? HarvestedOn,
    IReadOnlyList<LocalDate> HarvestDates,
    LocalDate? PackedOn,
    int? NetWeightGrams,
    string? Packaging,
    IReadOnlyList<TraceCertification> Certifications,
    IReadOnlyList<TraceStep> Steps,
    TraceScans? Scans,
    bool Recalled,
    string? RecallReason,
    Instant? RecalledAt,
    IReadOnlyList<TraceWarning> Warnings)
{
    /// <summary>The market the lot was packed for (null: none named).</summary>
    public Market? Market { get; init; }

    /// <summary>The packing-house codes (mã số cơ sở đóng gói) the lot carries.</summary>
    public IReadOnlyList<string> PackingHouseCodes { get; init; } = [];
}
