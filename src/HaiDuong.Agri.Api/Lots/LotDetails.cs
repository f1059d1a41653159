using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Lots;
using Marten.Events.Aggregation;
using NodaTime;

namespace HaiDuong.Agri.Api.Lots;

/// <summary>A lot as clients see it. <see cref="DigitalLink"/> and <see cref="CertificationClaims"/> are filled when read.</summary>
public sealed class LotDetails
{
    public Guid Id { get; set; }

    public long Version { get; set; }

    public Guid BatchId { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? CooperativeId { get; set; }

    public Guid GrowingAreaId { get; set; }

    public string Gtin { get; set; } = "";

    public string LotCode { get; set; } = "";

    public LocalDate PackedOn { get; set; }

    public int UnitCount { get; set; }

    public int NetWeightGrams { get; set; }

    public string ProductName { get; set; } = "";

    public string? Packaging { get; set; }

    public Instant PackedAt { get; set; }

    public int StampsIssued { get; set; }

    public int StampsVoided { get; set; }

    public Instant? RecalledAt { get; set; }

    public string? RecallReason { get; set; }

    public string DigitalLink { get; set; } = "";

    public List<CertificationClaim> CertificationClaims { get; set; } = [];
}

public sealed class LotDetailsProjection : SingleStreamProjection<LotDetails, Guid>
{
    public static LotDetails Create(LotPacked e) => new()
    {
        Id = e.LotId,
        BatchId = e.BatchId,
        HouseholdId = e.HouseholdId,
        CooperativeId = e.CooperativeId,
        GrowingAreaId = e.GrowingAreaId,
        Gtin = e.Gtin,
        LotCode = e.LotCode,
        PackedOn = e.PackedOn,
        UnitCount = e.UnitCount,
        NetWeightGrams = e.NetWeightGrams,
        ProductName = e.ProductName,
        Packaging = e.Packaging,
        PackedAt = e.PackedAt,
    };

    public static void Apply(StampsIssued e, LotDetails view) => view.StampsIssued += e.Serials.Count;

    public static void Apply(StampVoided e, LotDetails view) => view.StampsVoided++;

    public static void Apply(LotRecalled e, LotDetails view)
    {
        view.RecalledAt = e.RecalledAt;
        view.RecallReason = e.Reason;
    }
}

/// <summary>
/// One issued stamp: an operational record beside the lot's stream (which holds the serials in <see cref="StampsIssued"/>).
/// The serial is the document id: unique in the whole system. Scans are counted in their own table (see ScanCounter).
/// </summary>
public sealed class Stamp
{
    public string Id { get; set; } = "";

    public Guid LotId { get; set; }

    /// <summary>Issue order within the lot (1, 2, …), for paging and printing in order.</summary>
    public int Sequence { get; set; }

    public Instant IssuedAt { get; set; }

    public Instant? VoidedAt { get; set; }

    public string? VoidReason { get; set; }

    public Instant? PrintedAt { get; set; }

}
