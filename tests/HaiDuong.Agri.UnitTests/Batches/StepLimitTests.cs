using FluentAssertions;
using HaiDuong.Agri.Domain.Batches;
using static HaiDuong.Agri.UnitTests.Batches.BatchSpec;

namespace HaiDuong.Agri.UnitTests.Batches;

public class StepLimitTests
{
    private static readonly object[] ThreeSteps =
        [Planted("2026-06-01"), ActivityDone("2026-06-02T01:00:00Z", "a-1"), Harvested("2026-06-03")];

    [Fact]
    public void A_step_beyond_the_batchs_limit_is_refused_naming_the_limit()
    {
        var batch = Given(ThreeSteps);

        var error = BatchDecisions.Decide(batch, RecordActivity("2026-06-04T01:00:00Z"), Now, maxSteps: 3).ThenRefused(BatchErrors.StepLimitCode);

        error.Data.Should().Contain("maxSteps", 3);
        error.Detail.Should().Contain("at most 3 field steps");
    }

    [Fact]
    public void The_last_step_within_the_limit_is_accepted_and_a_repeat_of_an_earlier_one_is_still_recognised()
    {
        var batch = Given(ThreeSteps);

        BatchDecisions.Decide(batch, RecordActivity("2026-06-04T01:00:00Z"), Now, maxSteps: 4).IsAccepted.Should().BeTrue();
        BatchDecisions.Decide(batch, RecordActivity("2026-06-02T01:00:00Z", "a-1"), Now, maxSteps: 3).DuplicateOf.Should().NotBeNull(
            "a phone sending a step again after the batch is full still gets its first answer");
    }

    [Fact]
    public void Every_field_step_counts_and_closing_or_packing_does_not()
    {
        var batch = Given([.. ThreeSteps, new HaiDuong.Agri.Domain.Lots.BatchPacked(Guid.NewGuid(), 1000, Date("2026-06-03"), Now), FertilizerApplied("NPK", "2026-06-03")]);

        batch.StepCount.Should().Be(4);
    }
}
