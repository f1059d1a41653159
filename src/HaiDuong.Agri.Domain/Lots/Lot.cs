using System.Collections.Immutable;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Lots;

/// <summary>A lot (the traceability lot code) was packed from a batch's harvest.</summary>
public sealed record LotPacked(
    Guid LotId,
    Guid BatchId,
    Guid HouseholdId,
    Guid? CooperativeId,
    Guid GrowingAreaId,
    string Gtin,
    string LotCode,
    LocalDate PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string ProductName,
    string? Packaging,
    Instant PackedAt);

/// <summary>On the batch's stream: part of its harvest went into a lot.</summary>
public sealed record BatchPacked(Guid LotId, long Grams, LocalDate PackedOn, Instant RecordedAt);

public sealed record StampsIssued(Guid IssueId, IReadOnlyList<string> Serials, Instant IssuedAt);

public sealed record StampVoided(string Serial, string Reason, Instant VoidedAt);

/// <summary>The lot was recalled: its trace pages show it, its listings are delisted everywhere and it cannot be listed again.</summary>
public sealed record LotRecalled(string Reason, Instant RecalledAt);

public sealed record PackLot(
    Guid LotId,
    string Gtin,
    string LotCode,
    LocalDate PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string ProductName,
    string? Packaging);

/// <summary>What the lot decisions need: the lot, its owners, and how many stamps are live.</summary>
public sealed record Lot(
    Guid Id,
    Guid BatchId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Gtin,
    string LotCode,
    int UnitCount,
    int StampsIssued,
    ImmutableHashSet<string> VoidedSerials)
{
    public bool Recalled { get; init; }

    public int LiveStamps => StampsIssued - VoidedSerials.Count;

    public static Lot From(LotPacked e) =>
        new(e.LotId, e.BatchId, e.HouseholdId, e.CooperativeId, e.Gtin, e.LotCode, e.UnitCount, 0, ImmutableHashSet<string>.Empty);

    public Lot Then(object @event) => @event switch
    {
        StampsIssued e => this with { StampsIssued = StampsIssued + e.Serials.Count },
        StampVoided e => this with { VoidedSerials = VoidedSerials.Add(e.Serial) },
        LotRecalled => this with { Recalled = true },
        _ => this,
    };
}

public static class LotDecisions
{
    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>
    /// Packs part of a harvested batch into a lot: not before the first harvest, and never more weight than was
    /// harvested by the packing date, less what earlier lots took. Emits the lot's first event and the batch's record.
    /// </summary>
    public static Decision Pack(Batch batch, PackLot c, Instant now)
    {
        var grams = (long)c.UnitCount * c.NetWeightGrams;
        var availableGrams = (long)decimal.Floor(batch.HarvestedKgBy(c.PackedOn) * 1000m) - batch.PackedGrams;
        DomainError? refusal =
            batch.HarvestDates.Count == 0 ? new DomainError(
                "batch-not-harvested", "The batch has no harvest to pack", "Record a harvest before packing a lot from the batch.")
            : c.PackedOn < batch.HarvestDates.Min() ? new DomainError(
                "packed-before-harvest", "The lot is packed before the batch's first harvest",
                $"The first harvest was on {Iso(batch.HarvestDates.Min())}.")
            : grams > availableGrams ? new DomainError(
                "packed-exceeds-harvest", "The lot weighs more than the harvest has left",
                $"{c.UnitCount} × {c.NetWeightGrams} g = {grams} g, but only {Math.Max(availableGrams, 0)} g harvested by {Iso(c.PackedOn)} is not yet packed.")
            {
                Data = new Dictionary<string, object?> { ["requestedGrams"] = grams, ["availableGrams"] = Math.Max(availableGrams, 0) },
            }
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
            ? Decision.Reject(new DomainError(
                "stamps-exceed-units", "More stamps than units",
                $"The lot has {lot.UnitCount} units and {lot.LiveStamps} live stamps: at most {available} more can be issued.")
            {
                Data = new Dictionary<string, object?> { ["available"] = available },
            })
            : Decision.Accept(new StampsIssued(issueId, serials, now));
    }

    /// <summary>Recalls the lot; recalling it again changes nothing (the first recall and its reason stand).</summary>
    public static Decision Recall(Lot lot, string reason, Instant now) =>
        lot.Recalled ? Decision.Accept() : Decision.Accept(new LotRecalled(reason, now));

    public static Decision Void(Lot lot, string serial, string reason, Instant now) =>
        lot.VoidedSerials.Contains(serial)
            ? Decision.Reject(new DomainError("stamp-voided", "The stamp is already voided", $"Stamp {serial} was voided before."))
            : Decision.Accept(new StampVoided(serial, reason, now));
}
