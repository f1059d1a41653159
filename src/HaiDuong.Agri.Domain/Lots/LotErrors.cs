using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Lots;

/// <summary>The refusals of the lot rules; codes are part of the API (problem types).</summary>
public static class LotErrors
{
    public const string BatchNotHarvestedCode = "batch-not-harvested";
    public const string PackedBeforeHarvestCode = "packed-before-harvest";
    public const string PackedExceedsHarvestCode = "packed-exceeds-harvest";
    public const string StampsExceedUnitsCode = "stamps-exceed-units";
    public const string StampAlreadyVoidedCode = "stamp-voided";

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static DomainError BatchNotHarvested() => new(
        BatchNotHarvestedCode, "The batch has no harvest to pack", "Record a harvest before packing a lot from the batch.");

    public static DomainError PackedBeforeHarvest(LocalDate firstHarvest) => new(
        PackedBeforeHarvestCode, "The lot is packed before the batch's first harvest",
        $"The first harvest was on {Iso(firstHarvest)}.");

    public static DomainError PackedExceedsHarvest(int unitCount, int netWeightGrams, long grams, long availableGrams, LocalDate packedOn) => new(
        PackedExceedsHarvestCode, "The lot weighs more than the harvest has left",
        $"{unitCount} × {netWeightGrams} g = {grams} g, but only {Math.Max(availableGrams, 0)} g harvested by {Iso(packedOn)} is not yet packed.")
    {
        Data = new Dictionary<string, object?> { ["requestedGrams"] = grams, ["availableGrams"] = Math.Max(availableGrams, 0) },
    };

    public static DomainError StampsExceedUnits(int unitCount, int liveStamps, int available) => new(
        StampsExceedUnitsCode, "More stamps than units",
        $"The lot has {unitCount} units and {liveStamps} live stamps: at most {available} more can be issued.")
    {
        Data = new Dictionary<string, object?> { ["available"] = available },
    };

    public static DomainError StampAlreadyVoided(string serial) =>
        new(StampAlreadyVoidedCode, "The stamp is already voided", $"Stamp {serial} was voided before.");
}
