using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

public sealed record RecordInspection(
    Guid InspectionId,
    Guid CertificationBodyId,
    Scheme Scheme,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate InspectedOn,
    IReadOnlyList<InspectionAnswer> Results,
    string RecordedBy);
