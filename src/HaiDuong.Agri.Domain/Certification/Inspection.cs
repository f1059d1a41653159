using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

public sealed record Inspection(
    Guid Id,
    Guid CertificationBodyId,
    Scheme Scheme,
    string ChecklistVersion,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate InspectedOn,
    IReadOnlyList<InspectionAnswer> Results,
    InspectionOutcome Outcome,
    Guid? CertificateId,
    Instant RecordedAt)
{
    public long Version { get; init; }

    public static Inspection From(InspectionRecorded e) =>
        new(e.InspectionId, e.CertificationBodyId, e.Scheme, e.ChecklistVersion, e.GrowingAreaIds, e.InspectedOn, e.Results,
            e.Outcome, null, e.RecordedAt);

    public Inspection Then(object @event) => @event switch
    {
        InspectionCertified e => this with { CertificateId = e.CertificateId },
        _ => this,
    };
}
