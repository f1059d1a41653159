using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Batches;

/// <summary>
/// The batch rules as pure functions: state, command and <c>now</c> in; events or a refusal out.
/// Commands arrive validated (shapes, ranges, dates not in the future); these functions hold the rules
/// that depend on the batch's history: chronology, the pre-harvest interval, closing, repeated steps.
/// </summary>
public static class BatchDecisions
{
    public static BatchStarted Start(StartBatch c, Instant now) =>
        new(c.BatchId, c.GrowingAreaId, c.HouseholdId, c.CooperativeId, c.Crop, c.Variety, c.Season, c.ExpectedHarvestOn, now);

    /// <summary>How many field steps a batch holds unless configured otherwise (a season's diary is a few hundred at most).</summary>
    public const int DefaultMaxSteps = 5_000;

    /// <summary>
    /// Decides any field step: planting, input, activity or harvest. A batch holds at most <paramref name="maxSteps"/> steps,
    /// so its stream (read whole for every decision) stays bounded.
    /// </summary>
    public static Decision Decide(Batch batch, IStepCommand command, Instant now, int maxSteps = DefaultMaxSteps)
    {
        if (command.ClientStepId is { } clientStepId && batch.ClientSteps.TryGetValue(clientStepId, out var original))
        {
            return Decision.AlreadyApplied(original);
        }

        if (batch.Status == BatchStatus.Closed)
        {
            return Decision.Reject(BatchErrors.Closed());
        }

        if (batch.StepCount >= maxSteps)
        {
            return Decision.Reject(BatchErrors.StepLimit(maxSteps));
        }

        return command switch
        {
            PlantBatch c => Plant(batch, c, now),
            RecordInputApplication c => ApplyInput(batch, c, now),
            RecordActivity c => RecordActivity(batch, c, now),
            HarvestBatch c => Harvest(batch, c, now),
            _ => throw new ArgumentException($"Unknown step command {command.GetType().Name}", nameof(command)),
        };
    }

    public static Decision Close(Batch batch, CloseBatch command, Instant now) =>
        batch.Status == BatchStatus.Closed
            ? Decision.Reject(BatchErrors.Closed())
            : Decision.Accept(new BatchClosed(command.Reason, now));

    private static Decision Plant(Batch batch, PlantBatch c, Instant now) =>
        batch.PlantedOn is { } plantedOn
            ? Decision.Reject(BatchErrors.AlreadyPlanted(plantedOn))
            : Decision.Accept(new BatchPlanted(
                c.StepId, c.PlantedOn, c.SeedSource, c.SeedLot, c.Quantity, c.Unit,
                c.OccurredAt ?? FieldTime.StartOf(c.PlantedOn), now, c.ClientStepId));

    private static Decision ApplyInput(Batch batch, RecordInputApplication c, Instant now)
    {
        if (AfterPlanting(batch, "input application", c.AppliedOn) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var applied = new InputApplied(
            c.StepId, c.Kind, c.ProductName, c.ActiveIngredient, c.Dose, c.Unit, c.AppliedOn, c.PreHarvestIntervalDays,
            c.Operator, c.Reason, c.OccurredAt ?? FieldTime.StartOf(c.AppliedOn), now, c.ClientStepId);

        // A spraying record that arrives late must not make an already recorded harvest break its interval.
        var harvestInside = batch.HarvestDates
            .Where(harvestedOn => Blocks(applied, harvestedOn))
            .Order()
            .Cast<LocalDate?>()
            .FirstOrDefault();
        return harvestInside is { } harvest
            ? Decision.Reject(BatchErrors.PreHarvestInterval(applied, harvest))
            : Decision.Accept(applied);
    }

    private static Decision RecordActivity(Batch batch, RecordActivity c, Instant now) =>
        AfterPlanting(batch, "activity", FieldTime.DateOf(c.OccurredAt)) is { } refused
            ? Decision.Reject(refused)
            : Decision.Accept(new ActivityRecorded(c.StepId, c.Kind, c.Notes, c.OccurredAt, now, c.ClientStepId));

    private static Decision Harvest(Batch batch, HarvestBatch c, Instant now)
    {
        if (AfterPlanting(batch, "harvest", c.HarvestedOn) is { } refused)
        {
            return Decision.Reject(refused);
        }

        var blocking = batch.Pesticides
            .Where(p => Blocks(p, c.HarvestedOn))
            .MaxBy(p => p.SafeHarvestFrom);
        return blocking is not null
            ? Decision.Reject(BatchErrors.PreHarvestInterval(blocking, c.HarvestedOn))
            : Decision.Accept(new BatchHarvested(
                c.StepId, c.HarvestedOn, c.QuantityKg, c.Grade, c.OccurredAt ?? FieldTime.StartOf(c.HarvestedOn), now,
                c.ClientStepId));
    }

    /// <summary>
    /// True when a harvest on <paramref name="harvestedOn"/> falls inside the pesticide's interval:
    /// on or after the application and before <c>appliedOn + preHarvestIntervalDays</c> (that date itself is allowed).
    /// </summary>
    public static bool Blocks(InputApplied pesticide, LocalDate harvestedOn) =>
        pesticide.SafeHarvestFrom is { } safeFrom && pesticide.AppliedOn <= harvestedOn && harvestedOn < safeFrom;

    private static DomainError? AfterPlanting(Batch batch, string step, LocalDate date) => batch.PlantedOn switch
    {
        null => BatchErrors.NotPlanted(step),
        { } plantedOn when date < plantedOn => BatchErrors.BeforePlanting(step, date, plantedOn),
        _ => null,
    };
}
