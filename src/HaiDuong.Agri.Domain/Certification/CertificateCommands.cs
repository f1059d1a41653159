using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

public sealed record IssueCertificate(
    Guid CertificateId,
    Scheme Scheme,
    string CertificateNumber,
    LocalDate IssuedOn,
    LocalDate ValidUntil);

public sealed record SuspendCertificate(LocalDate From, string Reason);

public sealed record ReinstateCertificate(LocalDate On);
