using System.Globalization;
using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Batches;

/// <summary>The refusals of the batch rules; codes are part of the API (problem types).</summary>
public static class BatchErrors
{
    public const string PreHarvestIntervalCode = "pre-harvest-interval";
    public const string NotPlantedCode = "batch-not-planted";
    public const string AlreadyPlantedCode = "batch-already-planted";
    public const string BeforePlantingCode = "step-before-planting";
    public const string ClosedCode = "batch-closed";
    public const string StepLimitCode = "batch-step-limit";

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Article(string noun) => "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "An" : "A";

    public static DomainError NotPlanted(string step) => new(
        NotPlantedCode,
        "The batch has not been planted yet",
        $"{Article(step)} {step} cannot be recorded before the batch's planting is recorded.");

    public static DomainError AlreadyPlanted(LocalDate plantedOn) => new(
        AlreadyPlantedCode,
        "The batch is already planted",
        $"The batch was planted on {Iso(plantedOn)}; a batch is planted once.")
    {
        Data = new Dictionary<string, object?> { ["plantedOn"] = Iso(plantedOn) },
    };

    public static DomainError BeforePlanting(string step, LocalDate date, LocalDate plantedOn) => new(
        BeforePlantingCode,
        "The step is dated before the planting",
        $"{Article(step)} {step} on {Iso(date)} is before the batch was planted on {Iso(plantedOn)}.")
    {
        Data = new Dictionary<string, object?> { ["plantedOn"] = Iso(plantedOn), ["date"] = Iso(date) },
    };

    public static DomainError Closed() => new(
        ClosedCode,
        "The batch is closed",
        "Nothing can be recorded on a closed batch.");

    public static DomainError StepLimit(int maxSteps) => new(
        StepLimitCode,
        "The batch holds as many steps as it can",
        string.Create(CultureInfo.InvariantCulture, $"A batch holds at most {maxSteps} field steps and this one has them all: close it and record further steps on a new batch."))
    {
        Data = new Dictionary<string, object?> { ["maxSteps"] = maxSteps },
    };

    public static DomainError PreHarvestInterval(InputApplied pesticide, LocalDate harvestedOn)
    {
        var firstAllowed = pesticide.SafeHarvestFrom!.Value;
        return new DomainError(
            PreHarvestIntervalCode,
            "The harvest falls inside a pre-harvest interval",
            string.Create(
                CultureInfo.InvariantCulture,
                $"A harvest on {Iso(harvestedOn)} is inside the pre-harvest interval of '{pesticide.ProductName}' applied on {Iso(pesticide.AppliedOn)} ({pesticide.PreHarvestIntervalDays} days): the first allowed harvest date is {Iso(firstAllowed)}."))
        {
            Data = new Dictionary<string, object?>
            {
                ["productName"] = pesticide.ProductName,
                ["appliedOn"] = Iso(pesticide.AppliedOn),
                ["preHarvestIntervalDays"] = pesticide.PreHarvestIntervalDays,
                ["harvestedOn"] = Iso(harvestedOn),
                ["firstAllowedHarvestOn"] = Iso(firstAllowed),
            },
        };
    }
}
