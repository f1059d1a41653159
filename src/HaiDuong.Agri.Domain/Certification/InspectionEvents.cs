using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

/// <summary>One answered control point: compliant, not compliant, or not applicable (null, with a note saying why).</summary>
public sealed record InspectionAnswer(string ControlPointId, bool? Compliant, string? Note);

/// <summary>The computed result of an inspection. Percentages are of applicable points, cut (not rounded) to two decimals.</summary>
public sealed record InspectionOutcome(
    bool Passed,
    decimal MajorCompliancePercent,
    decimal MinorCompliancePercent,
    int ApplicableMajor,
    int CompliantMajor,
    int ApplicableMinor,
    int CompliantMinor,
    IReadOnlyList<string> FailedControlPoints);

public sealed record InspectionRecorded(
    Guid InspectionId,
    Guid CertificationBodyId,
    Scheme Scheme,
    string ChecklistVersion,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate InspectedOn,
    IReadOnlyList<InspectionAnswer> Results,
    InspectionOutcome Outcome,
    string RecordedBy,
    Instant RecordedAt);

/// <summary>A certificate was issued from this inspection: an inspection certifies once.</summary>
public sealed record InspectionCertified(Guid CertificateId, Instant RecordedAt);
