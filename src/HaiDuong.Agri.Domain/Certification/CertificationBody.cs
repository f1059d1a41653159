using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

public sealed record CertificationBodyRegistered(Guid CertificationBodyId, string Name, string? AccreditationNumber, Instant RegisteredAt);

/// <summary>A certification body (tổ chức chứng nhận) whose auditors record inspections and issue certificates.</summary>
public sealed record CertificationBody(Guid Id, string Name, string? AccreditationNumber, Instant RegisteredAt)
{
    public long Version { get; init; }

    public static CertificationBody From(CertificationBodyRegistered e) => new(e.CertificationBodyId, e.Name, e.AccreditationNumber, e.RegisteredAt);
}
