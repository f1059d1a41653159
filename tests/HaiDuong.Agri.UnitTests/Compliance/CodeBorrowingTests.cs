using FluentAssertions;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Compliance;

public sealed class CodeBorrowingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);
    private static readonly LocalDate PackedOn = new(2026, 6, 4);

    [Theory]
    [InlineData(7_500_000, false)]
    [InlineData(7_500_001, true)]
    public void A_coded_area_packs_up_to_its_hectares_times_the_plausible_yield(long grams, bool beyond)
    {
        // 5,000 m² of vải thiều: 0.5 ha × 15,000 kg/ha.
        var export = CodeBorrowing.Check(true, "Vải thiều", 5000m, Market.China, PackedOn, 0, grams, Now);
        var domestic = CodeBorrowing.Check(true, "vải", 5000m, Market.Domestic, PackedOn, 0, grams, Now);
        export.IsAccepted.Should().Be(!beyond);
        domestic.IsAccepted.Should().BeTrue();
        domestic.Events.Should().HaveCount(beyond ? 1 : 0);
        if (beyond)
        {
            export.Error!.Code.Should().Be(CodeBorrowing.YieldExceededCode);
            domestic.Events.Single().Should().BeOfType<LotYieldFlagged>().Which.PlausibleKg.Should().Be(7500m);
        }
    }

    [Fact]
    public void Uncoded_areas_and_crops_without_a_yield_are_not_checked()
    {
        CodeBorrowing.Check(false, "vải thiều", 100m, Market.China, PackedOn, 0, 1_000_000_000, Now).Events.Should().BeEmpty();
        CodeBorrowing.Check(true, "sầu riêng", 100m, Market.China, PackedOn, 0, 1_000_000_000, Now).Events.Should().BeEmpty();
        CodeBorrowing.Yields.Crops.Should().OnlyContain(c => c.MaxKgPerHectare > 0);
    }
}
