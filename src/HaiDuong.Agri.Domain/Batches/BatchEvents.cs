using NodaTime;

namespace HaiDuong.Agri.Domain.Batches;

public enum InputKind
{
    Fertilizer,
    Pesticide,
    Other,
}

public enum ActivityKind
{
    Irrigation,
    Pruning,
    Weeding,
    Observation,
    Other,
}

public enum BatchStatus
{
    Started,
    Planted,
    Harvesting,
    Closed,
}

/// <summary>A production step of a batch: it happened in the field at <see cref="OccurredAt"/> and was recorded at <see cref="RecordedAt"/>.</summary>
public interface IBatchStep
{
    Guid StepId { get; }

    Instant OccurredAt { get; }

    Instant RecordedAt { get; }

    string? ClientStepId { get; }
}

public sealed record BatchStarted(
    Guid BatchId,
    Guid GrowingAreaId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Crop,
    string? Variety,
    string? Season,
    LocalDate? ExpectedHarvestOn,
    Instant StartedAt);

public sealed record BatchPlanted(
    Guid StepId,
    LocalDate PlantedOn,
    string? SeedSource,
    string? SeedLot,
    decimal? Quantity,
    string? Unit,
    Instant OccurredAt,
    Instant RecordedAt,
    string? ClientStepId) : IBatchStep;

public sealed record InputApplied(
    Guid StepId,
    InputKind Kind,
    string ProductName,
    string? ActiveIngredient,
    decimal Dose,
    string Unit,
    LocalDate AppliedOn,
    int? PreHarvestIntervalDays,
    string? Operator,
    string? Reason,
    Instant OccurredAt,
    Instant RecordedAt,
    string? ClientStepId) : IBatchStep
{
    /// <summary>The first date a harvest is allowed after this application, when it is a pesticide.</summary>
    public LocalDate? SafeHarvestFrom =>
        Kind == InputKind.Pesticide && PreHarvestIntervalDays is { } days ? AppliedOn.PlusDays(days) : null;
}

public sealed record ActivityRecorded(
    Guid StepId,
    ActivityKind Kind,
    string? Notes,
    Instant OccurredAt,
    Instant RecordedAt,
    string? ClientStepId) : IBatchStep;

public sealed record BatchHarvested(
    Guid StepId,
    LocalDate HarvestedOn,
    decimal QuantityKg,
    string? Grade,
    Instant OccurredAt,
    Instant RecordedAt,
    string? ClientStepId) : IBatchStep;

public sealed record BatchClosed(string? Reason, Instant ClosedAt);
