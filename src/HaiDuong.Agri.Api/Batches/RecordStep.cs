using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Batches;
using Mediator;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>A field step as a client sends it (alone, or as one item of a bulk upload).</summary>
public interface IStepRequest : IValidated
{
    string? ClientStepId { get; }

    /// <summary>The domain command; call only after <see cref="IValidated.Validate"/> found nothing.</summary>
    IStepCommand ToCommand(Guid stepId);
}

internal static class StepFields
{
    public static void ClientStepId(Validator v, string? clientStepId, bool required) =>
        v.Code("clientStepId", clientStepId, required, 100, "Must be 1 to 100 visible ASCII characters (a UUID is ideal).");
}

public sealed record PlantingRequest(
    LocalDate? PlantedOn,
    string? SeedSource,
    string? SeedLot,
    decimal? Quantity,
    string? Unit,
    Instant? OccurredAt,
    string? ClientStepId) : IStepRequest
{
    public void Validate(Validator v)
    {
        v.FieldDate("plantedOn", PlantedOn);
        v.Text("seedSource", SeedSource, required: false, maxLength: 200);
        v.Text("seedLot", SeedLot, required: false, maxLength: 100);
        v.Positive("quantity", Quantity, max: 1_000_000_000m, required: false);
        v.Text("unit", Unit, required: Quantity is not null, maxLength: 20);
        v.FieldMoment("occurredAt", OccurredAt);
        StepFields.ClientStepId(v, ClientStepId, required: false);
    }

    public IStepCommand ToCommand(Guid stepId) => new PlantBatch(
        stepId, PlantedOn!.Value, Validator.Clean(SeedSource), Validator.Clean(SeedLot), Quantity, Validator.Clean(Unit),
        OccurredAt, ClientStepId);
}

public sealed record InputRequest(
    InputKind? Kind,
    string? ProductName,
    string? ActiveIngredient,
    decimal? Dose,
    string? Unit,
    LocalDate? AppliedOn,
    int? PreHarvestIntervalDays,
    string? Operator,
    string? Reason,
    Instant? OccurredAt,
    string? ClientStepId) : IStepRequest
{
    public void Validate(Validator v)
    {
        v.Required("kind", Kind);
        v.Text("productName", ProductName, required: true, maxLength: 200);
        v.Text("activeIngredient", ActiveIngredient, required: false, maxLength: 200);
        v.Positive("dose", Dose, max: 1_000_000m);
        v.Text("unit", Unit, required: true, maxLength: 20);
        v.FieldDate("appliedOn", AppliedOn);
        v.Range("preHarvestIntervalDays", PreHarvestIntervalDays, 0, 365, required: Kind == InputKind.Pesticide);
        v.Text("operator", Operator, required: false, maxLength: 200);
        v.Text("reason", Reason, required: false, maxLength: 500);
        v.FieldMoment("occurredAt", OccurredAt);
        StepFields.ClientStepId(v, ClientStepId, required: false);
    }

    public IStepCommand ToCommand(Guid stepId) => new RecordInputApplication(
        stepId, Kind!.Value, Validator.Clean(ProductName)!, Validator.Clean(ActiveIngredient), Dose!.Value, Validator.Clean(Unit)!,
        AppliedOn!.Value, PreHarvestIntervalDays, Validator.Clean(Operator), Validator.Clean(Reason), OccurredAt, ClientStepId);
}

public sealed record ActivityRequest(ActivityKind? Kind, Instant? OccurredAt, string? Notes, string? ClientStepId) : IStepRequest
{
    public void Validate(Validator v)
    {
        v.Required("kind", Kind);
        v.FieldMoment("occurredAt", OccurredAt, required: true);
        v.Text("notes", Notes, required: false, maxLength: 2000, multiline: true);
        StepFields.ClientStepId(v, ClientStepId, required: false);
    }

    public IStepCommand ToCommand(Guid stepId) =>
        new RecordActivity(stepId, Kind!.Value, OccurredAt!.Value, Validator.Clean(Notes), ClientStepId);
}

public sealed record HarvestRequest(
    LocalDate? HarvestedOn,
    decimal? QuantityKg,
    string? Grade,
    Instant? OccurredAt,
    string? ClientStepId) : IStepRequest
{
    public void Validate(Validator v)
    {
        v.FieldDate("harvestedOn", HarvestedOn);
        v.Positive("quantityKg", QuantityKg, max: 10_000_000m);
        v.Text("grade", Grade, required: false, maxLength: 50);
        v.FieldMoment("occurredAt", OccurredAt);
        StepFields.ClientStepId(v, ClientStepId, required: false);
    }

    public IStepCommand ToCommand(Guid stepId) =>
        new HarvestBatch(stepId, HarvestedOn!.Value, QuantityKg!.Value, Validator.Clean(Grade), OccurredAt, ClientStepId);
}

/// <summary>Records one field step on a batch: planting, input, activity or harvest. A repeated client step id changes nothing.</summary>
public sealed record RecordBatchStep(Caller Caller, Guid BatchId, long? ExpectedVersion, IStepRequest Step)
    : ICommand<Outcome<BatchDetails>>, IValidated
{
    public void Validate(Validator v) => Step.Validate(v);
}

public sealed class RecordBatchStepHandler(UnitOfWork unitOfWork, IClock clock, IOptions<BatchOptions> options) : ICommandHandler<RecordBatchStep, Outcome<BatchDetails>>
{
    public async ValueTask<Outcome<BatchDetails>> Handle(RecordBatchStep command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await BatchWriter.FetchAsync(session, command.Caller, command.BatchId, command.ExpectedVersion, cancellationToken);
        var decision = BatchDecisions.Decide(
            stream.Aggregate!, command.Step.ToCommand(Guid.CreateVersion7()), clock.GetCurrentInstant(), options.Value.MaxSteps);
        return await BatchWriter.DecidedAsync(session, stream, decision, cancellationToken);
    }
}
