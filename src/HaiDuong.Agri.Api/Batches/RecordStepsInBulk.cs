using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Batches;
using Mediator;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>One step of an offline upload: <c>type</c> says which; the other fields are those of that step's own route.</summary>
public sealed record BulkStep(
    string? Type,
    string? ClientStepId,
    LocalDate? PlantedOn = null,
    string? SeedSource = null,
    string? SeedLot = null,
    decimal? Quantity = null,
    string? Kind = null,
    string? ProductName = null,
    string? ActiveIngredient = null,
    decimal? Dose = null,
    string? Unit = null,
    LocalDate? AppliedOn = null,
    int? PreHarvestIntervalDays = null,
    string? Operator = null,
    string? Reason = null,
    string? Notes = null,
    LocalDate? HarvestedOn = null,
    decimal? QuantityKg = null,
    string? Grade = null,
    Instant? OccurredAt = null) : IValidated
{
    public static readonly string[] Types = ["planting", "input", "activity", "harvest"];

    /// <summary>A step is checked as its own route checks it, and needs a client step id.</summary>
    public void Validate(Validator v)
    {
        ToRequest(v)?.Validate(v);
        StepFields.ClientStepId(v, ClientStepId, required: true);
    }

    /// <summary>The step as its own route would take it, or null when <c>type</c> is not one we know (a <c>kind</c> we do not know is left out).</summary>
    public IStepRequest? ToRequest(Validator v)
    {
        if (!v.OneOf("type", Type, Types, required: true))
        {
            return null;
        }

        switch (Type)
        {
            case "planting":
                return new PlantingRequest(PlantedOn, SeedSource, SeedLot, Quantity, Unit, OccurredAt, ClientStepId);
            case "input":
                return new InputRequest(
                    ParseKind<InputKind>(v, Kind), ProductName, ActiveIngredient, Dose, Unit, AppliedOn, PreHarvestIntervalDays,
                    Operator, Reason, OccurredAt, ClientStepId);
            case "activity":
                return new ActivityRequest(ParseKind<ActivityKind>(v, Kind), OccurredAt, Notes, ClientStepId);
            case "harvest":
                return new HarvestRequest(HarvestedOn, QuantityKg, Grade, OccurredAt, ClientStepId);
            default:
                return null;
        }
    }

    private static T? ParseKind<T>(Validator v, string? kind)
        where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        return v.OneOf("kind", kind, names, required: false) && Enum.TryParse<T>(kind, ignoreCase: true, out var parsed) ? parsed : null;
    }
}

public sealed record BulkStepsRequest(IReadOnlyList<BulkStep?>? Steps);

/// <summary>What happened to one uploaded step: <c>applied</c>, <c>duplicate</c> (its client step id was applied before) or <c>rejected</c>.</summary>
public sealed record BulkStepResult(int Index, string? ClientStepId, string Status, Guid? StepId, BulkStepProblem? Problem);

public sealed record BulkStepProblem(
    string Type,
    string Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors,
    IReadOnlyDictionary<string, object?>? Data);

public sealed record BulkStepsAnswer(int Applied, int Duplicates, int Rejected, IReadOnlyList<BulkStepResult> Results, BatchDetails Batch);

/// <summary>
/// Offline sync: steps are decided in the order sent, each on the state the previous ones left, and all that are
/// accepted are stored in one transaction (all or none). A step that breaks a rule is reported, not fatal to the rest.
/// </summary>
public sealed record RecordStepsInBulk(Caller Caller, Guid BatchId, long? ExpectedVersion, BulkStepsRequest Body)
    : ICommand<Outcome<BulkStepsAnswer>>, IValidated
{
    public const int MaxSteps = 2000;

    public void Validate(Validator v)
    {
        if (v.Items("steps", Body.Steps, required: true, 1, MaxSteps, $"Send 1 to {MaxSteps} steps per request."))
        {
            for (var i = 0; i < Body.Steps.Count; i++)
            {
                v.Required($"steps[{i}]", Body.Steps[i], "A step must be an object.");
            }
        }
    }
}

public sealed class RecordStepsInBulkHandler(UnitOfWork unitOfWork, IClock clock, IOptions<BatchOptions> options) : ICommandHandler<RecordStepsInBulk, Outcome<BulkStepsAnswer>>
{
    public async ValueTask<Outcome<BulkStepsAnswer>> Handle(RecordStepsInBulk command, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await BatchWriter.FetchAsync(session, command.Caller, command.BatchId, command.ExpectedVersion, cancellationToken);
        var batch = stream.Aggregate!;
        var results = new List<BulkStepResult>(command.Body.Steps!.Count);
        foreach (var (step, index) in command.Body.Steps.Select((s, i) => (s!, i)))
        {
            var v = new Validator(now, $"steps[{index}]");
            step.Validate(v);
            if (!v.IsValid)
            {
                var invalid = Problems.Validation(v.Errors);
                results.Add(Rejected(index, step, invalid.Code, invalid.Title, invalid.Detail, invalid.Errors, null));
                continue;
            }

            var stepCommand = step.ToRequest(v)!.ToCommand(Guid.CreateVersion7());
            var decision = BatchDecisions.Decide(batch, stepCommand, now, options.Value.MaxSteps);
            if (decision.Error is { } error)
            {
                results.Add(Rejected(index, step, error.Code, error.Title, error.Detail, null, error.Data));
            }
            else if (decision.DuplicateOf is { } original)
            {
                results.Add(new BulkStepResult(index, step.ClientStepId, "duplicate", original, null));
            }
            else
            {
                stream.AppendMany(decision.Events);
                batch = decision.Events.Aggregate(batch, (state, e) => state.Then(e));
                results.Add(new BulkStepResult(index, step.ClientStepId, "applied", stepCommand.StepId, null));
            }
        }

        var view = await BatchWriter.SaveAndViewAsync(session, command.BatchId, cancellationToken);
        var answer = new BulkStepsAnswer(
            results.Count(r => r.Status == "applied"),
            results.Count(r => r.Status == "duplicate"),
            results.Count(r => r.Status == "rejected"),
            results,
            view);
        return Outcome.Changed(answer, view.Version);
    }

    private static BulkStepResult Rejected(
        int index, BulkStep step, string code, string title, string? detail,
        IReadOnlyDictionary<string, string[]>? errors, IReadOnlyDictionary<string, object?>? data) =>
        new(index, step.ClientStepId, "rejected", null, new BulkStepProblem(Problems.Type(code), title, detail, errors, data));
}
