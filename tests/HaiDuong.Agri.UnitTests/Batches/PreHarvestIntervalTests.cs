using FluentAssertions;

using HaiDuong.Agri.Domain.Batches;

using static HaiDuong.Agri.UnitTests.Batches.BatchSpec;

namespace HaiDuong.Agri.UnitTests.Batches;

public class PreHarvestIntervalTests
{
    [Fact]
    public void Harvest_one_day_before_the_pre_harvest_interval_ends_is_refused_naming_the_product_and_first_allowed_date()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));

        var error = batch.When(Harvest("2026-06-02")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Code.Should().Be("pre-harvest-interval");
        error.Data.Should().Contain("productName", "Radiant 60SC");
        error.Data.Should().Contain("firstAllowedHarvestOn", "2026-06-03");
        error.Data.Should().Contain("appliedOn", "2026-05-27");
        error.Data.Should().Contain("preHarvestIntervalDays", 7);
        error.Data.Should().Contain("harvestedOn", "2026-06-02");
        error.Detail.Should().Contain("Radiant 60SC").And.Contain("2026-06-03");
    }

    [Fact]
    public void Harvest_on_the_first_allowed_date_is_accepted()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));
        var harvest = Harvest("2026-06-03");

        var harvested = batch.When(harvest).ThenOne<BatchHarvested>();

        harvested.HarvestedOn.Should().Be(Date("2026-06-03"));
    }

    [Fact]
    public void Harvest_on_the_application_date_itself_is_refused()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));

        batch.When(Harvest("2026-05-27")).ThenRefused(BatchErrors.PreHarvestIntervalCode);
    }

    [Fact]
    public void With_two_pesticides_the_refusal_names_the_one_whose_interval_ends_last()
    {
        var batch = Given(
            Planted("2026-03-01"),
            PesticideApplied("Late ending", "2026-05-25", 14),
            PesticideApplied("Early ending", "2026-05-30", 5));

        var error = batch.When(Harvest("2026-06-02")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Data.Should().Contain("productName", "Late ending");
        error.Data.Should().Contain("firstAllowedHarvestOn", "2026-06-08");
    }

    [Fact]
    public void With_two_pesticides_the_refusal_names_the_one_whose_interval_ends_last_regardless_of_recording_order()
    {
        var batch = Given(
            Planted("2026-03-01"),
            PesticideApplied("Early ending", "2026-05-30", 5),
            PesticideApplied("Late ending", "2026-05-25", 14));

        var error = batch.When(Harvest("2026-06-02")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Data.Should().Contain("productName", "Late ending");
        error.Data.Should().Contain("firstAllowedHarvestOn", "2026-06-08");
    }

    [Fact]
    public void With_two_pesticides_harvest_after_the_first_ends_but_inside_the_second_is_refused_by_the_second()
    {
        var batch = Given(
            Planted("2026-03-01"),
            PesticideApplied("Early ending", "2026-05-30", 5),
            PesticideApplied("Late ending", "2026-05-25", 14));

        var error = batch.When(Harvest("2026-06-07")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Data.Should().Contain("productName", "Late ending");
    }

    [Fact]
    public void With_two_pesticides_harvest_when_both_intervals_have_ended_is_accepted()
    {
        var batch = Given(
            Planted("2026-03-01"),
            PesticideApplied("Early ending", "2026-05-30", 5),
            PesticideApplied("Late ending", "2026-05-25", 14));

        batch.When(Harvest("2026-06-08")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Pesticide_with_a_zero_day_interval_allows_harvest_the_same_day()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Bio spray", "2026-06-03", 0));

        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Harvest_dated_before_the_application_date_is_not_blocked_by_it()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));

        batch.When(Harvest("2026-05-26")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Fertilizer_never_blocks_a_harvest()
    {
        var batch = Given(Planted("2026-03-01"), FertilizerApplied("NPK 16-16-8", "2026-06-03"));

        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Fertilizer_recorded_with_an_interval_still_never_blocks_a_harvest()
    {
        var fertilizer = FertilizerApplied("NPK 16-16-8", "2026-06-01") with { PreHarvestIntervalDays = 10 };
        var batch = Given(Planted("2026-03-01"), fertilizer);

        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Fertilizer_recorded_after_a_harvest_is_accepted()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"));

        batch.When(ApplyFertilizer("NPK 16-16-8", "2026-06-01")).ThenOne<InputApplied>();
    }

    [Fact]
    public void Late_pesticide_applied_before_an_already_recorded_harvest_whose_interval_covers_it_is_refused()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-02"));

        var error = batch.When(ApplyPesticide("Radiant 60SC", "2026-05-27", 7)).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Data.Should().Contain("productName", "Radiant 60SC");
        error.Data.Should().Contain("harvestedOn", "2026-06-02");
        error.Data.Should().Contain("firstAllowedHarvestOn", "2026-06-03");
    }

    [Fact]
    public void Late_pesticide_applied_on_the_date_of_an_already_recorded_harvest_is_refused()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-02"));

        batch.When(ApplyPesticide("Radiant 60SC", "2026-06-02", 7)).ThenRefused(BatchErrors.PreHarvestIntervalCode);
    }

    [Fact]
    public void Late_pesticide_whose_interval_ends_on_an_already_recorded_harvest_date_is_accepted()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"));

        batch.When(ApplyPesticide("Radiant 60SC", "2026-05-27", 7)).ThenOne<InputApplied>();
    }

    [Fact]
    public void Late_pesticide_applied_after_the_harvest_date_is_accepted()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-02"));

        batch.When(ApplyPesticide("Radiant 60SC", "2026-06-03", 7)).ThenOne<InputApplied>();
    }

    [Fact]
    public void Late_pesticide_covering_several_recorded_harvests_names_the_earliest_one_inside()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-02"), Harvested("2026-05-29"), Harvested("2026-05-20"));

        var error = batch.When(ApplyPesticide("Radiant 60SC", "2026-05-27", 7)).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        error.Data.Should().Contain("harvestedOn", "2026-05-29");
    }

    [Fact]
    public void Refused_harvest_is_not_folded_so_a_later_harvest_on_the_first_allowed_date_is_accepted()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));
        batch.When(Harvest("2026-06-02")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }

    [Theory]
    [InlineData("2026-05-27", 7, "2026-06-03")]
    [InlineData("2026-05-27", 0, "2026-05-27")]
    [InlineData("2026-12-28", 7, "2027-01-04")]
    [InlineData("2028-02-25", 5, "2028-03-01")]
    public void Pesticide_safe_harvest_date_is_the_application_date_plus_the_interval(string appliedOn, int days, string safeFrom)
    {
        PesticideApplied("X", appliedOn, days).SafeHarvestFrom.Should().Be(Date(safeFrom));
    }

    [Fact]
    public void Fertilizer_has_no_safe_harvest_date()
    {
        FertilizerApplied("NPK", "2026-05-27").SafeHarvestFrom.Should().BeNull();
    }

    [Theory]
    [InlineData("2026-05-26", false)]
    [InlineData("2026-05-27", true)]
    [InlineData("2026-06-02", true)]
    [InlineData("2026-06-03", false)]
    public void Blocks_is_true_from_the_application_date_up_to_the_day_before_the_safe_date(string harvestedOn, bool blocks)
    {
        var pesticide = PesticideApplied("Radiant 60SC", "2026-05-27", 7);

        BatchDecisions.Blocks(pesticide, Date(harvestedOn)).Should().Be(blocks);
    }
}
