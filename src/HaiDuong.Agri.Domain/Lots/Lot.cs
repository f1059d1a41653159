using System.Collections.Immutable;

namespace HaiDuong.Agri.Domain.Lots;

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
