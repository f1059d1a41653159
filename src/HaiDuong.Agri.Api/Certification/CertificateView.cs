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
    /// <summary>The certificate as <paramref name="visibleAreas"/> (null: all of its areas) let the caller see it.</summary>
    public static CertificateView Of(Certificate c, Instant now, IReadOnlySet<Guid>? visibleAreas = null) => new(
        c.Id, c.Scheme, c.CertificateNumber, c.CertificationBodyId, c.InspectionId, CertificateAccess.Only(c.GrowingAreaIds, visibleAreas),
        c.IssuedOn, c.ValidUntil, c.StatusOn(FieldTime.Today(now)), c.Suspensions, c.Version);
}

public sealed record CertificateList(IReadOnlyList<CertificateView> Items);

public static class CertificateAccess
{
    /// <summary>
    /// Whether the caller may read something about these growing areas' certification: an admin or an auditor always,
    /// a household or cooperative when it acts for one of the areas.
    /// </summary>
    public static async Task<bool> MayReadAsync(this IQuerySession session, Caller caller, IReadOnlyList<Guid> growingAreaIds, CancellationToken ct) =>
        await session.VisibleAreasAsync(caller, growingAreaIds, ct) is not { Count: 0 };

    /// <summary>
    /// Which of these growing areas the caller may see named in an inspection or certificate: null (all of them) for an admin
    /// or an auditor; for a household or cooperative only the areas of the households it acts for, so an inspection or
    /// certificate covering several farms shows each owner its own part and no one else's (empty: none of it is theirs).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>?> VisibleAreasAsync(
        this IQuerySession session, Caller caller, IEnumerable<Guid> growingAreaIds, CancellationToken ct)
    {
        if (caller.Role is Role.Admin or Role.Auditor)
        {
            return null;
        }

        var areas = await session.LoadManyAsync<GrowingArea>(ct, growingAreaIds.Distinct());
        return areas.Where(a => caller.ActsFor(a.HouseholdId, a.CooperativeId)).Select(a => a.Id).ToHashSet();
    }

    /// <summary>The ids among <paramref name="ids"/> in <paramref name="visible"/> (null: all), in their order.</summary>
    public static IReadOnlyList<Guid> Only(IReadOnlyList<Guid> ids, IReadOnlySet<Guid>? visible) =>
        visible is null ? ids : [.. ids.Where(visible.Contains)];

    /// <summary>Whether the caller is an auditor of the body that issued the certificate (only they change it).</summary>
    public static bool IsOfBody(this Certificate certificate, Caller caller) =>
        caller.Role == Role.Auditor && caller.CertificationBodyId == certificate.CertificationBodyId;
}
