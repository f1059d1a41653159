using NodaTime;

namespace HaiDuong.Agri.Domain.Batches;

/// <summary>Starts a batch on a growing area; the area's owner becomes the batch's owner.</summary>
public sealed record StartBatch(
    Guid BatchId,
    Guid GrowingAreaId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Crop,
    string? Variety,
    string? Season,
    LocalDate? ExpectedHarvestOn);

/// <summary>A step sent from the field. <see cref="ClientStepId"/> makes a resend harmless.</summary>
public interface IStepCommand
{
    Guid StepId { get; }

    string? ClientStepId { get; }
}

public sealed record PlantBatch(
    Guid StepId,
    LocalDate PlantedOn,
    string? SeedSource,
    string? SeedLot,
    decimal? Quantity,
    string? Unit,
    Instant? OccurredAt,
    string? ClientStepId) : IStepCommand;

public sealed record RecordInputApplication(
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
    Instant? OccurredAt,
    string? ClientStepId) : IStepCommand;

public sealed record RecordActivity(
    Guid StepId,
    ActivityKind Kind,
    Instant OccurredAt,
    string? Notes,
    string? ClientStepId) : IStepCommand;

public sealed record HarvestBatch(
    Guid StepId,
    LocalDate HarvestedOn,
    decimal QuantityKg,
    string? Grade,
    Instant? OccurredAt,
    string? ClientStepId) : IStepCommand;

public sealed record CloseBatch(string? Reason);
