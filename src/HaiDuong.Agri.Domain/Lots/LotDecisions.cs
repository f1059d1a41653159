using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Lots;

public static class LotDecisions
{
    /// <summary>
    /// Packs part of a harvested batch into a lot: not before the first harvest, and never more weight than was
    /// harvested by the packing date, less what earlier lots took. Emits the lot's first event and the batch's record.
    /// </summary>
    public static Decision Pack(Batch batch, PackLot c, Instant now)
    {
        var grams = (long)c.UnitCount * c.NetWeightGrams;
        var availableGrams = (long)decimal.Floor(batch.HarvestedKgBy(c.PackedOn) * 1000m) - batch.PackedGrams;
        DomainError? refusal =
            batch.HarvestDates.Count == 0 ? LotErrors.BatchNotHarvested()
            : c.PackedOn < batch.HarvestDates.Min() ? LotErrors.PackedBeforeHarvest(batch.HarvestDates.Min())
            : grams > availableGrams ? LotErrors.PackedExceedsHarvest(c.UnitCount, c.NetWeightGrams, grams, availableGrams, c.PackedOn)
            : null;
        return refusal is not null
            ? Decision.Reject(refusal)
            : Decision.Accept(
                new LotPacked(
                    c.LotId, batch.Id, batch.HouseholdId, batch.CooperativeId, batch.GrowingAreaId, c.Gtin, c.LotCode, c.PackedOn,
                    c.UnitCount, c.NetWeightGrams, c.ProductName, c.Packaging, now),
                new BatchPacked(c.LotId, grams, c.PackedOn, now));
    }

    /// <summary>Issues stamps (serials chosen by the caller from a cryptographic source): never more live stamps than units.</summary>
    public static Decision IssueStamps(Lot lot, Guid issueId, IReadOnlyList<string> serials, Instant now)
    {
        var available = lot.UnitCount - lot.LiveStamps;
        return serials.Count > available
            ? Decision.Reject(LotErrors.StampsExceedUnits(lot.UnitCount, lot.LiveStamps, available))
            : Decision.Accept(new StampsIssued(issueId, serials, now));
    }

    /// <summary>Recalls the lot; recalling it again changes nothing (the first recall and its reason stand).</summary>
    public static Decision Recall(Lot lot, string reason, Instant now) =>
        lot.Recalled ? Decision.Accept() : Decision.Accept(new LotRecalled(reason, now));

    public static Decision Void(Lot lot, string serial, string reason, Instant now) =>
        lot.VoidedSerials.Contains(serial)
            ? Decision.Reject(LotErrors.StampAlreadyVoided(serial))
            : Decision.Accept(new StampVoided(serial, reason, now));
}

/// <summary>A harvest of a batch, in grams.</summary>
public sealed record HarvestTaken(Guid StepId, LocalDate HarvestedOn, long Grams);

/// <summary>A lot packed from a batch: what it took from the batch's harvests.</summary>
public sealed record LotTaking(Guid LotId, LocalDate PackedOn, long Grams);

/// <summary>Part of a harvest: the grams one lot took from it, or (no lot) what no lot has taken yet.</summary>
public sealed record HarvestPortion(Guid HarvestStepId, Guid? LotId, long Grams);

/// <summary>Which lots each harvest of a batch went into (the link from a harvest to its traceability lot codes).</summary>
public static class HarvestAllocation
{
    /// <summary>The grams of a harvest as packing counts them (whole grams, rounded down).</summary>
    public static long Grams(decimal quantityKg) => (long)decimal.Floor(quantityKg * 1000m);

    /// <summary>
    /// First in, first out: lots, in packing-date order (then the order they were packed), take the grams of the earliest
    /// harvests dated on or before their packing date that have some left. Packing never takes more than was harvested by
    /// its date, so every lot is covered; should one not be (rounding), it simply takes what there is. Answers each
    /// harvest's portions in harvest order: one per lot that took from it, then what is left of it under no lot.
    /// </summary>
    public static IReadOnlyList<HarvestPortion> Allocate(IReadOnlyList<HarvestTaken> harvests, IReadOnlyList<LotTaking> lots)
    {
        var ordered = harvests.OrderBy(h => h.HarvestedOn).ToList();
        var left = ordered.Select(h => h.Grams).ToArray();
        var taken = ordered.Select(_ => new List<(Guid LotId, long Grams)>()).ToArray();
        foreach (var lot in lots.OrderBy(l => l.PackedOn))
        {
            var wanted = lot.Grams;
            for (var i = 0; i < ordered.Count && wanted > 0 && ordered[i].HarvestedOn <= lot.PackedOn; i++)
            {
                var grams = Math.Min(wanted, left[i]);
                if (grams > 0)
                {
                    taken[i].Add((lot.LotId, grams));
                    left[i] -= grams;
                    wanted -= grams;
                }
            }
        }

        var portions = new List<HarvestPortion>();
        for (var i = 0; i < ordered.Count; i++)
        {
            portions.AddRange(taken[i].Select(t => new HarvestPortion(ordered[i].StepId, t.LotId, t.Grams)));
            if (left[i] > 0 || taken[i].Count == 0)
            {
                portions.Add(new HarvestPortion(ordered[i].StepId, null, left[i]));
            }
        }

        return portions;
    }
}
