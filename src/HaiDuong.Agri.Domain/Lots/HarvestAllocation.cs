using NodaTime;

namespace HaiDuong.Agri.Domain.Lots;

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
