using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

/// <summary>What a batch may claim: a certificate valid on its harvest dates.</summary>
public sealed record CertificationClaim(Guid CertificateId, Scheme Scheme, string CertificateNumber, LocalDate ValidUntil);

public static class CertificateDecisions
{
    /// <summary>The longest validity a scheme allows: VietGAP 2 years, GLOBALG.A.P. 1 year.</summary>
    public static Period MaximumValidity(Scheme scheme) => scheme switch
    {
        Scheme.Vietgap => Period.FromYears(2),
        Scheme.Globalgap => Period.FromYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    /// <summary>A certificate comes only from a passed, not yet certified inspection of the same scheme, within the scheme's validity cap.</summary>
    public static Decision Issue(Inspection inspection, IssueCertificate c, Instant now)
    {
        var latest = c.IssuedOn.Plus(MaximumValidity(c.Scheme));
        DomainError? refusal =
            !inspection.Outcome.Passed ? CertificateErrors.InspectionNotPassed(inspection.Id)
            : inspection.CertificateId is { } existing ? CertificateErrors.InspectionAlreadyCertified(existing)
            : inspection.Scheme != c.Scheme ? CertificateErrors.SchemeMismatch(inspection.Scheme)
            : c.IssuedOn < inspection.InspectedOn ? CertificateErrors.IssuedBeforeInspection(inspection.InspectedOn)
            : c.ValidUntil > latest ? CertificateErrors.ValidityExceedsMaximum(c.Scheme, c.IssuedOn, latest)
            : null;
        return refusal is not null
            ? Decision.Reject(refusal)
            : Decision.Accept(
                new CertificateIssued(
                    c.CertificateId, inspection.CertificationBodyId, inspection.Id, c.Scheme, c.CertificateNumber,
                    inspection.GrowingAreaIds, c.IssuedOn, c.ValidUntil, now),
                new InspectionCertified(c.CertificateId, now));
    }

    public static Decision Suspend(Certificate certificate, SuspendCertificate c, Instant now) =>
        certificate.OpenSuspension is { } open ? Decision.Reject(CertificateErrors.AlreadySuspended(open.From))
        : c.From < certificate.IssuedOn || c.From > certificate.ValidUntil
            ? Decision.Reject(CertificateErrors.SuspensionOutsideValidity(certificate.IssuedOn, certificate.ValidUntil))
        : Decision.Accept(new CertificateSuspended(c.From, c.Reason, now));

    public static Decision Reinstate(Certificate certificate, ReinstateCertificate c, Instant now) =>
        certificate.OpenSuspension is not { } open ? Decision.Reject(CertificateErrors.NotSuspended())
        : c.On < open.From ? Decision.Reject(CertificateErrors.ReinstatementBeforeSuspension(open.From))
        : Decision.Accept(new CertificateReinstated(c.On, now));

    /// <summary>
    /// The claims a batch may carry: certificates covering its growing area that were valid (issued, not expired, not
    /// suspended) on every one of its harvest dates. No harvest yet, no claim. A suspension that starts after the
    /// harvests does not touch them; one that covers a harvest date removes the claim.
    /// </summary>
    public static IReadOnlyList<CertificationClaim> Claims(IEnumerable<Certificate> certificates, IReadOnlyCollection<LocalDate> harvestDates) =>
        harvestDates.Count == 0
            ? []
            : certificates
                .Where(c => harvestDates.All(c.IsValidOn))
                .OrderBy(c => c.Scheme).ThenBy(c => c.IssuedOn)
                .Select(c => new CertificationClaim(c.Id, c.Scheme, c.CertificateNumber, c.ValidUntil))
                .ToList();
}
