using System.Collections.Immutable;
using NodaTime;

namespace HaiDuong.Agri.Domain.Batches;

/// <summary>What the batch decisions need to know, folded from the batch's events.</summary>
public sealed record Batch(
    Guid Id,
    Guid GrowingAreaId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Crop,
    BatchStatus Status,
    LocalDate? PlantedOn,
    ImmutableList<InputApplied> Pesticides,
    ImmutableList<LocalDate> HarvestDates,
    decimal HarvestedKg,
    ImmutableDictionary<string, Guid> ClientSteps)
{
    /// <summary>Field steps recorded (planting, inputs, activities, harvests): a batch holds a bounded number.</summary>
    public int StepCount { get; init; }

    /// <summary>How much of the harvest has gone into lots.</summary>
    public long PackedGrams { get; init; }

    /// <summary>Each harvest's date and weight: a lot can only take what was harvested by its packing date.</summary>
    public ImmutableList<(LocalDate On, decimal Kg)> Harvests { get; init; } = [];

    public decimal HarvestedKgBy(LocalDate date) => Harvests.Where(h => h.On <= date).Sum(h => h.Kg);

    public static Batch From(BatchStarted e) =>
        new(e.BatchId, e.GrowingAreaId, e.HouseholdId, e.CooperativeId, e.Crop, BatchStatus.Started, null,
            [], [], 0m, ImmutableDictionary<string, Guid>.Empty.WithComparers(StringComparer.Ordinal));

    private Batch On(BatchPlanted e) =>
        Remember(e) with { Status = BatchStatus.Planted, PlantedOn = e.PlantedOn };

    private Batch On(InputApplied e) =>
        Remember(e) with { Pesticides = e.Kind == InputKind.Pesticide ? Pesticides.Add(e) : Pesticides };

    private Batch On(ActivityRecorded e) => Remember(e);

    private Batch On(BatchHarvested e) =>
        Remember(e) with
        {
            Status = BatchStatus.Harvesting,
            HarvestDates = HarvestDates.Add(e.HarvestedOn),
            Harvests = Harvests.Add((e.HarvestedOn, e.QuantityKg)),
            HarvestedKg = HarvestedKg + e.QuantityKg,
        };

    private Batch On(BatchClosed e) => this with { Status = BatchStatus.Closed };

    /// <summary>Folds one more batch event: how a bulk upload decides each step on the state left by the previous ones.</summary>
    public Batch Then(object @event) => @event switch
    {
        BatchPlanted e => On(e),
        InputApplied e => On(e),
        ActivityRecorded e => On(e),
        BatchHarvested e => On(e),
        BatchClosed e => On(e),
        Lots.BatchPacked e => this with { PackedGrams = PackedGrams + e.Grams },
        _ => this,
    };

    private Batch Remember(IBatchStep step) => this with
    {
        StepCount = StepCount + 1,
        ClientSteps = step.ClientStepId is { } clientStepId ? ClientSteps.SetItem(clientStepId, step.StepId) : ClientSteps,
    };
}
