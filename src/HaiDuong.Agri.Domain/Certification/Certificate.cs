using System.Collections.Immutable;
using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

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
