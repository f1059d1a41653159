using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

public enum CertificateStatus
{
    NotYetValid,
    Valid,
    Suspended,
    Expired,
}

/// <summary>A suspension from <see cref="From"/> until the day before <see cref="Until"/> (open while null).</summary>
public sealed record Suspension(LocalDate From, LocalDate? Until, string Reason)
{
    public bool Covers(LocalDate date) => From <= date && (Until is null || date < Until);
}

public sealed record CertificateIssued(
    Guid CertificateId,
    Guid CertificationBodyId,
    Guid InspectionId,
    Scheme Scheme,
    string CertificateNumber,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate IssuedOn,
    LocalDate ValidUntil,
    Instant RecordedAt);

public sealed record CertificateSuspended(LocalDate From, string Reason, Instant RecordedAt);

public sealed record CertificateReinstated(LocalDate On, Instant RecordedAt);
