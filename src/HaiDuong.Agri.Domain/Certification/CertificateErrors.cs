using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Certification;

/// <summary>The refusals of the certificate rules; codes are part of the API (problem types).</summary>
public static class CertificateErrors
{
    public const string InspectionNotPassedCode = "inspection-not-passed";
    public const string InspectionAlreadyCertifiedCode = "inspection-already-certified";
    public const string SchemeMismatchCode = "scheme-mismatch";
    public const string IssuedBeforeInspectionCode = "issued-before-inspection";
    public const string ValidityExceedsMaximumCode = "validity-exceeds-maximum";
    public const string AlreadySuspendedCode = "certificate-suspended";
    public const string SuspensionOutsideValidityCode = "suspension-outside-validity";
    public const string NotSuspendedCode = "certificate-not-suspended";
    public const string ReinstatementBeforeSuspensionCode = "reinstatement-before-suspension";

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static DomainError InspectionNotPassed(Guid inspectionId) => new(
        InspectionNotPassedCode, "The inspection did not pass",
        $"Inspection {inspectionId} did not pass; a certificate needs a passed inspection.");

    public static DomainError InspectionAlreadyCertified(Guid certificateId) => new(
        InspectionAlreadyCertifiedCode, "The inspection already has a certificate",
        $"Certificate {certificateId} was issued from this inspection.");

    public static DomainError SchemeMismatch(Scheme inspectionScheme) => new(
        SchemeMismatchCode, "The certificate's scheme is not the inspection's",
        $"The inspection was a {inspectionScheme} inspection.");

    public static DomainError IssuedBeforeInspection(LocalDate inspectedOn) => new(
        IssuedBeforeInspectionCode, "The certificate is dated before its inspection",
        $"The inspection took place on {Iso(inspectedOn)}.");

    public static DomainError ValidityExceedsMaximum(Scheme scheme, LocalDate issuedOn, LocalDate latest) => new(
        ValidityExceedsMaximumCode, "The validity is longer than the scheme allows",
        $"A {scheme} certificate issued on {Iso(issuedOn)} may be valid until {Iso(latest)} at the latest.")
    {
        Data = new Dictionary<string, object?> { ["latestValidUntil"] = Iso(latest) },
    };

    public static DomainError AlreadySuspended(LocalDate from) => new(
        AlreadySuspendedCode, "The certificate is already suspended",
        $"It has been suspended since {Iso(from)}; reinstate it first.");

    public static DomainError SuspensionOutsideValidity(LocalDate issuedOn, LocalDate validUntil) => new(
        SuspensionOutsideValidityCode, "The suspension starts outside the certificate's validity",
        $"The certificate is valid from {Iso(issuedOn)} to {Iso(validUntil)}.");

    public static DomainError NotSuspended() => new(
        NotSuspendedCode, "The certificate is not suspended", "Only a suspended certificate can be reinstated.");

    public static DomainError ReinstatementBeforeSuspension(LocalDate from) => new(
        ReinstatementBeforeSuspensionCode, "The reinstatement is dated before the suspension",
        $"The suspension started on {Iso(from)}.");
}
