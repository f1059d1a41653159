using System.Collections.Immutable;
using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Certification;

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

/// <summary>A suspension from <see cref="From"/> until the day before <see cref="Until"/> (open while null).</summary>
public sealed record Suspension(LocalDate From, LocalDate? Until, string Reason)
{
    public bool Covers(LocalDate date) => From <= date && (Until is null || date < Until);
}

public enum CertificateStatus
{
    NotYetValid,
    Valid,
    Suspended,
    Expired,
}

/// <summary>A certificate: the stream's state and its read model.</summary>
public sealed record Certificate(
    Guid Id,
    Guid CertificationBodyId,
    Guid InspectionId,
    Scheme Scheme,
    string CertificateNumber,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate IssuedOn,
    LocalDate ValidUntil,
    ImmutableList<Suspension> Suspensions,
    Instant RecordedAt)
{
    public long Version { get; init; }

    public Suspension? OpenSuspension => Suspensions.LastOrDefault(s => s.Until is null);

    /// <summary>Valid on a date: within its validity (both ends included) and not inside a suspension.</summary>
    public bool IsValidOn(LocalDate date) =>
        IssuedOn <= date && date <= ValidUntil && !Suspensions.Any(s => s.Covers(date));

    public CertificateStatus StatusOn(LocalDate date) =>
        date < IssuedOn ? CertificateStatus.NotYetValid
        : date > ValidUntil ? CertificateStatus.Expired
        : Suspensions.Any(s => s.Covers(date)) ? CertificateStatus.Suspended
        : CertificateStatus.Valid;

    public static Certificate From(CertificateIssued e) =>
        new(e.CertificateId, e.CertificationBodyId, e.InspectionId, e.Scheme, e.CertificateNumber, e.GrowingAreaIds, e.IssuedOn,
            e.ValidUntil, [], e.RecordedAt);

    public Certificate Then(object @event) => @event switch
    {
        CertificateSuspended e => this with { Suspensions = Suspensions.Add(new Suspension(e.From, null, e.Reason)) },
        CertificateReinstated e when OpenSuspension is { } open =>
            this with { Suspensions = Suspensions.Replace(open, open with { Until = e.On }) },
        _ => this,
    };
}

public sealed record IssueCertificate(
    Guid CertificateId,
    Scheme Scheme,
    string CertificateNumber,
    LocalDate IssuedOn,
    LocalDate ValidUntil);

public sealed record SuspendCertificate(LocalDate From, string Reason);

public sealed record ReinstateCertificate(LocalDate On);

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

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>A certificate comes only from a passed, not yet certified inspection of the same scheme, within the scheme's validity cap.</summary>
    public static Decision Issue(Inspection inspection, IssueCertificate c, Instant now)
    {
        var latest = c.IssuedOn.Plus(MaximumValidity(c.Scheme));
        DomainError? refusal =
            !inspection.Outcome.Passed ? new DomainError(
                "inspection-not-passed", "The inspection did not pass",
                $"Inspection {inspection.Id} did not pass; a certificate needs a passed inspection.")
            : inspection.CertificateId is { } existing ? new DomainError(
                "inspection-already-certified", "The inspection already has a certificate",
                $"Certificate {existing} was issued from this inspection.")
            : inspection.Scheme != c.Scheme ? new DomainError(
                "scheme-mismatch", "The certificate's scheme is not the inspection's",
                $"The inspection was a {inspection.Scheme} inspection.")
            : c.IssuedOn < inspection.InspectedOn ? new DomainError(
                "issued-before-inspection", "The certificate is dated before its inspection",
                $"The inspection took place on {Iso(inspection.InspectedOn)}.")
            : c.ValidUntil > latest ? new DomainError(
                "validity-exceeds-maximum", "The validity is longer than the scheme allows",
                $"A {c.Scheme} certificate issued on {Iso(c.IssuedOn)} may be valid until {Iso(latest)} at the latest.")
            {
                Data = new Dictionary<string, object?> { ["latestValidUntil"] = Iso(latest) },
            }
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
        certificate.OpenSuspension is { } open ? Decision.Reject(new DomainError(
            "certificate-suspended", "The certificate is already suspended",
            $"It has been suspended since {Iso(open.From)}; reinstate it first."))
        : c.From < certificate.IssuedOn || c.From > certificate.ValidUntil ? Decision.Reject(new DomainError(
            "suspension-outside-validity", "The suspension starts outside the certificate's validity",
            $"The certificate is valid from {Iso(certificate.IssuedOn)} to {Iso(certificate.ValidUntil)}."))
        : Decision.Accept(new CertificateSuspended(c.From, c.Reason, now));

    public static Decision Reinstate(Certificate certificate, ReinstateCertificate c, Instant now) =>
        certificate.OpenSuspension is not { } open ? Decision.Reject(new DomainError(
            "certificate-not-suspended", "The certificate is not suspended", "Only a suspended certificate can be reinstated."))
        : c.On < open.From ? Decision.Reject(new DomainError(
            "reinstatement-before-suspension", "The reinstatement is dated before the suspension",
            $"The suspension started on {Iso(open.From)}."))
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
