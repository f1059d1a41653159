using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

/// <summary>A certificate as clients see it, with its status on the day it is read.</summary>
public sealed record CertificateView(
    Guid Id,
    Scheme Scheme,
    string CertificateNumber,
    Guid CertificationBodyId,
    Guid InspectionId,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate IssuedOn,
    LocalDate ValidUntil,
    CertificateStatus Status,
    IReadOnlyList<Suspension> Suspensions,
    long Version)
{
    public static CertificateView Of(Certificate c, Instant now) => new(
        c.Id, c.Scheme, c.CertificateNumber, c.CertificationBodyId, c.InspectionId, c.GrowingAreaIds, c.IssuedOn, c.ValidUntil,
        c.StatusOn(FieldTime.Today(now)), c.Suspensions, c.Version);
}

public sealed record CertificateList(IReadOnlyList<CertificateView> Items);

public static class CertificateAccess
{
    /// <summary>
    /// Whether the caller may read something about these growing areas' certification: an admin or an auditor always,
    /// a household or cooperative when it acts for one of the areas.
    /// </summary>
    public static async Task<bool> MayReadAsync(this IQuerySession session, Caller caller, IReadOnlyList<Guid> growingAreaIds, CancellationToken ct)
    {
        if (caller.Role is Role.Admin or Role.Auditor)
        {
            return true;
        }

        var areas = await session.LoadManyAsync<GrowingArea>(ct, growingAreaIds);
        return areas.Any(a => caller.ActsFor(a.HouseholdId, a.CooperativeId));
    }

    /// <summary>Whether the caller is an auditor of the body that issued the certificate (only they change it).</summary>
    public static bool IsOfBody(this Certificate certificate, Caller caller) =>
        caller.Role == Role.Auditor && caller.CertificationBodyId == certificate.CertificationBodyId;
}
