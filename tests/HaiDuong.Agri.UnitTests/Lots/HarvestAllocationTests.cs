using FluentAssertions;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Lots;

public sealed class HarvestAllocationTests
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();
    private static readonly Guid LotA = Guid.NewGuid();
    private static readonly Guid LotB = Guid.NewGuid();

    private static LocalDate May(int day) => new(2026, 5, day);

    [Fact]
    public void Lots_take_the_earliest_harvests_first_and_what_is_left_has_no_lot()
    {
        var portions = HarvestAllocation.Allocate(
            [new HarvestTaken(Second, May(25), 400_000), new HarvestTaken(First, May(20), 600_000)],
            [new LotTaking(LotB, May(28), 300_000), new LotTaking(LotA, May(26), 400_000)]);

        portions.Should().Equal(
            new HarvestPortion(First, LotA, 400_000),
            new HarvestPortion(First, LotB, 200_000),
            new HarvestPortion(Second, LotB, 100_000),
            new HarvestPortion(Second, null, 300_000));
    }

    [Fact]
    public void A_lot_never_takes_a_harvest_dated_after_its_packing()
    {
        var portions = HarvestAllocation.Allocate(
            [new HarvestTaken(First, May(20), 100_000), new HarvestTaken(Second, May(25), 100_000)],
            [new LotTaking(LotA, May(22), 150_000)]);

        portions.Should().Equal(
            new HarvestPortion(First, LotA, 100_000),
            new HarvestPortion(Second, null, 100_000));
    }

    [Fact]
    public void A_harvest_no_lot_took_is_one_portion_without_a_lot()
    {
        HarvestAllocation.Allocate([new HarvestTaken(First, May(20), 1_500)], []).Should().Equal(new HarvestPortion(First, null, 1_500));
        HarvestAllocation.Grams(12.3456m).Should().Be(12_345);
    }
}
