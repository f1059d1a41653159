using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Certification;
using Marten.Events.Aggregation;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>A batch as clients see it: state, quantities, dates, certification claims and the stream version.</summary>
public sealed class BatchDetails
{
    public Guid Id { get; set; }

    public long Version { get; set; }

    public Guid GrowingAreaId { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? CooperativeId { get; set; }

    public string Crop { get; set; } = "";

    public string? Variety { get; set; }

    public string? Season { get; set; }

    public LocalDate? ExpectedHarvestOn { get; set; }

    public BatchStatus Status { get; set; }

    public Instant StartedAt { get; set; }

    public LocalDate? PlantedOn { get; set; }

    public int InputApplications { get; set; }

    public int PesticideApplications { get; set; }

    public int Activities { get; set; }

    public int Harvests { get; set; }

    public decimal HarvestedKg { get; set; }

    /// <summary>How much of the harvest has been packed into lots, and into how many.</summary>
    public decimal PackedKg { get; set; }

    public int Lots { get; set; }

    public LocalDate? FirstHarvestOn { get; set; }

    public LocalDate? LastHarvestOn { get; set; }

    /// <summary>The first date every pre-harvest interval recorded so far has ended (null: no pesticide).</summary>
    public LocalDate? SafeHarvestFrom { get; set; }

    public Instant? ClosedAt { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>Every harvest date, in the order recorded.</summary>
    public List<LocalDate> HarvestDates { get; set; } = [];

    /// <summary>
    /// Certificates the batch may claim: valid for its growing area on every harvest date. Computed when the batch is
    /// read (from the certificates' own streams), so a suspension dated inside a harvest removes the claim at once.
    /// </summary>
    public List<CertificationClaim> CertificationClaims { get; set; } = [];

    public Instant LastRecordedAt { get; set; }
}

public sealed class BatchDetailsProjection : SingleStreamProjection<BatchDetails, Guid>
{
    public static BatchDetails Create(BatchStarted e) => new()
    {
        Id = e.BatchId,
        GrowingAreaId = e.GrowingAreaId,
        HouseholdId = e.HouseholdId,
        CooperativeId = e.CooperativeId,
        Crop = e.Crop,
        Variety = e.Variety,
        Season = e.Season,
        ExpectedHarvestOn = e.ExpectedHarvestOn,
        Status = BatchStatus.Started,
        StartedAt = e.StartedAt,
        LastRecordedAt = e.StartedAt,
    };

    public static void Apply(BatchPlanted e, BatchDetails view)
    {
        view.Status = BatchStatus.Planted;
        view.PlantedOn = e.PlantedOn;
        view.LastRecordedAt = e.RecordedAt;
    }

    public static void Apply(InputApplied e, BatchDetails view)
    {
        view.InputApplications++;
        if (e.SafeHarvestFrom is { } safeFrom)
        {
            view.PesticideApplications++;
            view.SafeHarvestFrom = view.SafeHarvestFrom is { } current && current > safeFrom ? current : safeFrom;
        }
        else if (e.Kind == InputKind.Pesticide)
        {
            view.PesticideApplications++;
        }

        view.LastRecordedAt = e.RecordedAt;
    }

    public static void Apply(ActivityRecorded e, BatchDetails view)
    {
        view.Activities++;
        view.LastRecordedAt = e.RecordedAt;
    }

    public static void Apply(BatchHarvested e, BatchDetails view)
    {
        view.Status = view.Status == BatchStatus.Closed ? BatchStatus.Closed : BatchStatus.Harvesting;
        view.Harvests++;
        view.HarvestDates.Add(e.HarvestedOn);
        view.HarvestedKg += e.QuantityKg;
        view.FirstHarvestOn = view.FirstHarvestOn is { } first && first < e.HarvestedOn ? first : e.HarvestedOn;
        view.LastHarvestOn = view.LastHarvestOn is { } last && last > e.HarvestedOn ? last : e.HarvestedOn;
        view.LastRecordedAt = e.RecordedAt;
    }

    public static void Apply(Domain.Lots.BatchPacked e, BatchDetails view)
    {
        view.PackedKg += e.Grams / 1000m;
        view.Lots++;
        view.LastRecordedAt = e.RecordedAt;
    }

    public static void Apply(BatchClosed e, BatchDetails view)
    {
        view.Status = BatchStatus.Closed;
        view.ClosedAt = e.ClosedAt;
        view.CloseReason = e.Reason;
        view.LastRecordedAt = e.ClosedAt;
    }
}
