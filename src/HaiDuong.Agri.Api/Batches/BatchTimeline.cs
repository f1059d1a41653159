using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using Marten.Events.Aggregation;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>One production step on the timeline; fields that do not apply to its type are null.</summary>
public sealed record TimelineStep(
    Guid StepId,
    string Type,
    Instant OccurredAt,
    Instant RecordedAt,
    string? ClientStepId,
    LocalDate? Date,
    string? Kind = null,
    string? ProductName = null,
    string? ActiveIngredient = null,
    decimal? Dose = null,
    string? Unit = null,
    int? PreHarvestIntervalDays = null,
    LocalDate? SafeHarvestFrom = null,
    string? Operator = null,
    string? Reason = null,
    string? SeedSource = null,
    string? SeedLot = null,
    decimal? Quantity = null,
    decimal? QuantityKg = null,
    string? Grade = null,
    string? Notes = null);

/// <summary>Every field step of a batch in field order (when it happened), whatever order it was synced in.</summary>
public sealed class BatchTimeline
{
    public Guid Id { get; set; }

    public long Version { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid? CooperativeId { get; set; }

    public List<TimelineStep> Steps { get; set; } = [];

    public void Add(TimelineStep step)
    {
        // Field order: when it happened, then when it was recorded; a late sync lands where it belongs.
        var index = Steps.FindLastIndex(s => s.OccurredAt < step.OccurredAt
            || (s.OccurredAt == step.OccurredAt && s.RecordedAt <= step.RecordedAt));
        Steps.Insert(index + 1, step);
    }
}

public sealed class BatchTimelineProjection : SingleStreamProjection<BatchTimeline, Guid>
{
    public static BatchTimeline Create(BatchStarted e) =>
        new() { Id = e.BatchId, HouseholdId = e.HouseholdId, CooperativeId = e.CooperativeId };

    public static void Apply(BatchPlanted e, BatchTimeline view) => view.Add(new TimelineStep(
        e.StepId, "planting", e.OccurredAt, e.RecordedAt, e.ClientStepId, e.PlantedOn,
        SeedSource: e.SeedSource, SeedLot: e.SeedLot, Quantity: e.Quantity, Unit: e.Unit));

    public static void Apply(InputApplied e, BatchTimeline view) => view.Add(new TimelineStep(
        e.StepId, "input", e.OccurredAt, e.RecordedAt, e.ClientStepId, e.AppliedOn,
        Kind: e.Kind.ToString().ToLowerInvariant(), ProductName: e.ProductName, ActiveIngredient: e.ActiveIngredient,
        Dose: e.Dose, Unit: e.Unit, PreHarvestIntervalDays: e.PreHarvestIntervalDays, SafeHarvestFrom: e.SafeHarvestFrom,
        Operator: e.Operator, Reason: e.Reason));

    public static void Apply(ActivityRecorded e, BatchTimeline view) => view.Add(new TimelineStep(
        e.StepId, "activity", e.OccurredAt, e.RecordedAt, e.ClientStepId, FieldTime.DateOf(e.OccurredAt),
        Kind: e.Kind.ToString().ToLowerInvariant(), Notes: e.Notes));

    public static void Apply(BatchHarvested e, BatchTimeline view) => view.Add(new TimelineStep(
        e.StepId, "harvest", e.OccurredAt, e.RecordedAt, e.ClientStepId, e.HarvestedOn,
        QuantityKg: e.QuantityKg, Grade: e.Grade));
}
