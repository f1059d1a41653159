using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Compliance;
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

    /// <summary>The market the lot was packed for (null: none named).</summary>
    public Market? Market { get; set; }

    /// <summary>The growing-area codes (mã số vùng trồng) the lot carries: for an export market those approved for it on the packing date.</summary>
    public List<string> GrowingAreaCodes { get; set; } = [];

    /// <summary>The packing-house codes (mã số cơ sở đóng gói) the lot carries.</summary>
    public List<string> PackingHouseCodes { get; set; } = [];

    /// <summary>The auditor's override the lot was packed under, with the market rule offences it overrode (null: none needed).</summary>
    public LotPackedUnderOverride? RuleOverride { get; set; }

    /// <summary>Set when the lot took its coded area beyond what its hectares plausibly yield in the year (packed for the domestic market, or none).</summary>
    public LotYieldFlagged? YieldFlag { get; set; }

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

    public static void Apply(LotCodesRecorded e, LotDetails view)
    {
        view.Market = e.Market;
        view.GrowingAreaCodes = [.. e.GrowingAreaCodes];
        view.PackingHouseCodes = [.. e.PackingHouseCodes];
    }

    public static void Apply(LotPackedUnderOverride e, LotDetails view) => view.RuleOverride = e;

    public static void Apply(LotYieldFlagged e, LotDetails view) => view.YieldFlag = e;

    public static void Apply(StampsIssued e, LotDetails view) => view.StampsIssued += e.Serials.Count;

    public static void Apply(StampVoided e, LotDetails view) => view.StampsVoided++;

    public static void Apply(LotRecalled e, LotDetails view)
    {
        view.RecalledAt = e.RecalledAt;
        view.RecallReason = e.Reason;
    }
}
