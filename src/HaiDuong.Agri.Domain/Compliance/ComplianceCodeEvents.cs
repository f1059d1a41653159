using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>What a code identifies: a growing area (mã số vùng trồng) or a packing house (mã số cơ sở đóng gói).</summary>
public enum CodeKind
{
    GrowingArea,
    PackingHouse,
}

/// <summary>Who recorded a change: the role and the API key that made the call.</summary>
public sealed record RecordedBy(string Role, string KeyId);

/// <summary>
/// A code was registered for its holder (a growing area, or a cooperative's packing house) exactly as issued;
/// <see cref="Warnings"/> are what the soft format check said about it.
/// </summary>
public sealed record ComplianceCodeRegistered(
    Guid CodeId,
    string Code,
    CodeKind Kind,
    Guid HolderId,
    Guid? HouseholdId,
    Guid? CooperativeId,
    string? IssuingAuthority,
    IReadOnlyList<string> Warnings,
    RecordedBy By,
    Instant RecordedAt);

/// <summary>A market's authority approved the code from <see cref="On"/>.</summary>
public sealed record CodeMarketApproved(Market Market, LocalDate On, string? Reason, RecordedBy By, Instant RecordedAt);

/// <summary>The market suspended the code from <see cref="On"/> (a borrowed code, a failed inspection).</summary>
public sealed record CodeMarketSuspended(Market Market, LocalDate On, string Reason, RecordedBy By, Instant RecordedAt);

/// <summary>The market lifted its suspension of the code from <see cref="On"/>.</summary>
public sealed record CodeMarketReinstated(Market Market, LocalDate On, string? Reason, RecordedBy By, Instant RecordedAt);
