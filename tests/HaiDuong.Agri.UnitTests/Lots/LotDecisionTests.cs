using FluentAssertions;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.UnitTests.Lots;

public sealed class LotDecisionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 3, 0);

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    private static readonly BatchStarted Started = new(
        Guid.Parse("7c0f2d4e-1a2b-4c3d-8e9f-000000000001"), Guid.Parse("7c0f2d4e-1a2b-4c3d-8e9f-000000000002"),
        Guid.Parse("7c0f2d4e-1a2b-4c3d-8e9f-000000000003"), Guid.Parse("7c0f2d4e-1a2b-4c3d-8e9f-000000000004"),
        "Vải thiều", null, null, null, Now);

    private static Batch Harvested(params (string On, decimal Kg)[] harvests) =>
        harvests.Aggregate(
            Batch.From(Started).Then(new BatchPlanted(Guid.NewGuid(), Date("2026-01-15"), null, null, null, null, Now, Now, null)),
            (batch, h) => batch.Then(new BatchHarvested(Guid.NewGuid(), Date(h.On), h.Kg, null, Now, Now, null)));

    private static PackLot Pack(int units, int grams, string packedOn = "2026-06-05") =>
        new(Guid.Parse("7c0f2d4e-1a2b-4c3d-8e9f-0000000000aa"), "08931234567897", "260605-K7QF", Date(packedOn), units, grams, "Vải thiều loại 1", "Hộp 2 kg");

    [Fact]
    public void A_lot_may_take_exactly_what_the_harvest_has_left_and_not_a_gram_more()
    {
        var batch = Harvested(("2026-06-03", 100m));
        var exactly = LotDecisions.Pack(batch, Pack(50, 2000), Now);
        exactly.Events.Should().HaveCount(2);
        exactly.Events.OfType<BatchPacked>().Single().Grams.Should().Be(100_000);
        exactly.Events.OfType<LotPacked>().Single().HouseholdId.Should().Be(Started.HouseholdId);

        var refused = LotDecisions.Pack(batch, Pack(50, 2001), Now);
        refused.Error!.Code.Should().Be("packed-exceeds-harvest");
        refused.Error.Data["availableGrams"].Should().Be(100_000L);
    }

    [Fact]
    public void Earlier_lots_take_their_share_of_the_harvest()
    {
        var batch = Harvested(("2026-06-03", 100m), ("2026-06-04", 0.5m))
            .Then(new BatchPacked(Guid.NewGuid(), 60_000, Date("2026-06-04"), Now));
        LotDecisions.Pack(batch, Pack(405, 100), Now).IsAccepted.Should().BeTrue();
        var refused = LotDecisions.Pack(batch, Pack(406, 100), Now);
        refused.Error!.Code.Should().Be("packed-exceeds-harvest");
        refused.Error.Data["availableGrams"].Should().Be(40_500L);
    }

    [Fact]
    public void A_lot_needs_a_harvest_and_is_not_packed_before_the_first_one()
    {
        var planted = Batch.From(Started).Then(new BatchPlanted(Guid.NewGuid(), Date("2026-01-15"), null, null, null, null, Now, Now, null));
        LotDecisions.Pack(planted, Pack(1, 1), Now).Error!.Code.Should().Be("batch-not-harvested");
        var batch = Harvested(("2026-06-03", 10m));
        LotDecisions.Pack(batch, Pack(1, 1, "2026-06-02"), Now).Error!.Code.Should().Be("packed-before-harvest");
        LotDecisions.Pack(batch, Pack(1, 1, "2026-06-03"), Now).IsAccepted.Should().BeTrue();
    }

    private static Lot LotOf(int units) =>
        Lot.From(new LotPacked(Guid.NewGuid(), Started.BatchId, Started.HouseholdId, null, Started.GrowingAreaId, "08931234567897", "L1",
            Date("2026-06-05"), units, 1000, "Vải", null, Now));

    [Fact]
    public void Never_more_live_stamps_than_units_and_a_voided_stamp_frees_its_unit()
    {
        var lot = LotOf(3).Then(new StampsIssued(Guid.NewGuid(), ["A", "B"], Now));
        LotDecisions.IssueStamps(lot, Guid.NewGuid(), ["C"], Now).IsAccepted.Should().BeTrue();
        var refused = LotDecisions.IssueStamps(lot, Guid.NewGuid(), ["C", "D"], Now);
        refused.Error!.Code.Should().Be("stamps-exceed-units");
        refused.Error.Data["available"].Should().Be(1);

        var voided = lot.Then(new StampVoided("A", "Nhãn rách", Now));
        voided.LiveStamps.Should().Be(1);
        LotDecisions.IssueStamps(voided, Guid.NewGuid(), ["C", "D"], Now).IsAccepted.Should().BeTrue();
        LotDecisions.Void(voided, "A", "again", Now).Error!.Code.Should().Be("stamp-voided");
        LotDecisions.Void(voided, "B", "Nhãn in lỗi", Now).Events.Should().Equal(new StampVoided("B", "Nhãn in lỗi", Now));
    }

    [Fact]
    public void A_lot_takes_only_what_was_harvested_by_its_packing_date()
    {
        var batch = Harvested(("2026-05-01", 1m), ("2026-05-10", 100m));
        var early = LotDecisions.Pack(batch, Pack(3, 500, "2026-05-02"), Now);
        early.Error!.Code.Should().Be("packed-exceeds-harvest");
        early.Error.Data["availableGrams"].Should().Be(1_000L);
        LotDecisions.Pack(batch, Pack(2, 500, "2026-05-02"), Now).IsAccepted.Should().BeTrue();
        LotDecisions.Pack(batch, Pack(202, 500, "2026-05-10"), Now).IsAccepted.Should().BeTrue();
    }
}
