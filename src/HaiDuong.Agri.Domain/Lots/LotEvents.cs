using NodaTime;

namespace HaiDuong.Agri.Domain.Lots;

/// <summary>A lot (the traceability lot code) was packed from a batch's harvest.</summary>
public sealed record LotPacked(
    Guid LotId,
    Guid BatchId,
    Guid HouseholdId,
    Guid? CooperativeId,
    Guid GrowingAreaId,
    string Gtin,
    string LotCode,
    LocalDate PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string ProductName,
    string? Packaging,
    Instant PackedAt);

/// <summary>On the batch's stream: part of its harvest went into a lot.</summary>
public sealed record BatchPacked(Guid LotId, long Grams, LocalDate PackedOn, Instant RecordedAt);

public sealed record StampsIssued(Guid IssueId, IReadOnlyList<string> Serials, Instant IssuedAt);

public sealed record StampVoided(string Serial, string Reason, Instant VoidedAt);

/// <summary>The lot was recalled: its trace pages show it, its listings are delisted everywhere and it cannot be listed again.</summary>
public sealed record LotRecalled(string Reason, Instant RecalledAt);
