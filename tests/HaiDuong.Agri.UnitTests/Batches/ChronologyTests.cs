using FluentAssertions;

using HaiDuong.Agri.Domain.Batches;

using static HaiDuong.Agri.UnitTests.Batches.BatchSpec;

namespace HaiDuong.Agri.UnitTests.Batches;

public class ChronologyTests
{
    public static TheoryData<string, IStepCommand> StepsOn0603 => new()
    {
        { "input application", ApplyFertilizer("NPK 16-16-8", "2026-06-03") },
        { "pesticide application", ApplyPesticide("Radiant 60SC", "2026-06-03", 7) },
        { "activity", RecordActivity("2026-06-03T01:00:00Z") },
        { "harvest", Harvest("2026-06-03") },
    };

    public static TheoryData<string, IStepCommand> StepsOn0602 => new()
    {
        { "input application", ApplyFertilizer("NPK 16-16-8", "2026-06-02") },
        { "pesticide application", ApplyPesticide("Radiant 60SC", "2026-06-02", 7) },
        // 16:59:59Z on 02/06 is 23:59:59 local on 02/06: the day before planting.
        { "activity", RecordActivity("2026-06-02T16:59:59Z") },
        { "harvest", Harvest("2026-06-02") },
    };

    [Theory]
    [MemberData(nameof(StepsOn0603))]
    public void Step_before_any_planting_is_refused_as_not_planted(string step, IStepCommand command)
    {
        var error = Given().When(command).ThenRefused(BatchErrors.NotPlantedCode);

        error.Code.Should().Be("batch-not-planted", step);
    }

    [Theory]
    [MemberData(nameof(StepsOn0602))]
    public void Step_dated_the_day_before_the_planting_date_is_refused(string step, IStepCommand command)
    {
        var batch = Given(Planted("2026-06-03"));

        var error = batch.When(command).ThenRefused(BatchErrors.BeforePlantingCode);

        error.Code.Should().Be("step-before-planting", step);
        error.Data.Should().Contain("plantedOn", "2026-06-03");
        error.Data.Should().Contain("date", "2026-06-02");
    }

    [Theory]
    [MemberData(nameof(StepsOn0603))]
    public void Step_dated_on_the_planting_date_itself_is_accepted(string step, IStepCommand command)
    {
        var batch = Given(Planted("2026-06-03"));

        var decision = batch.When(command);

        decision.IsAccepted.Should().BeTrue(step);
        decision.Events.Should().ContainSingle().Which.Should().BeAssignableTo<IBatchStep>()
            .Which.StepId.Should().Be(command.StepId);
    }

    [Fact]
    public void Activity_at_local_midnight_of_the_planting_date_is_accepted_even_though_it_is_the_day_before_in_utc()
    {
        var batch = Given(Planted("2026-06-03"));

        batch.When(RecordActivity("2026-06-02T17:00:00Z")).ThenOne<ActivityRecorded>();
    }

    [Fact]
    public void Planting_a_started_batch_is_accepted()
    {
        var plant = Plant("2026-03-01", BatchSpec.At("2026-03-01T01:30:00Z"), "phone-1:1");

        Given().When(plant).Then(new BatchPlanted(
            plant.StepId, Date("2026-03-01"), "Giống gốc", "L-01", 100m, "cây",
            BatchSpec.At("2026-03-01T01:30:00Z"), Now, "phone-1:1"));
    }

    [Fact]
    public void Planting_twice_is_refused_naming_the_first_planting_date()
    {
        var batch = Given(Planted("2026-03-01"));

        var error = batch.When(Plant("2026-03-05")).ThenRefused(BatchErrors.AlreadyPlantedCode);

        error.Code.Should().Be("batch-already-planted");
        error.Data.Should().Contain("plantedOn", "2026-03-01");
    }

    [Fact]
    public void Planting_again_after_harvesting_is_refused()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"));

        batch.When(Plant("2026-06-05")).ThenRefused(BatchErrors.AlreadyPlantedCode);
    }

    public static TheoryData<string, IStepCommand> AnyStep => new()
    {
        { "planting", Plant("2026-06-05") },
        { "input application", ApplyFertilizer("NPK 16-16-8", "2026-06-05") },
        { "activity", RecordActivity("2026-06-05T01:00:00Z") },
        { "harvest", Harvest("2026-06-05") },
    };

    [Theory]
    [MemberData(nameof(AnyStep))]
    public void Any_step_after_close_is_refused(string step, IStepCommand command)
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"), Closed());

        var error = batch.When(command).ThenRefused(BatchErrors.ClosedCode);

        error.Code.Should().Be("batch-closed", step);
    }

    [Fact]
    public void Planting_a_batch_closed_before_it_was_planted_is_refused_as_closed()
    {
        var batch = Given(Closed("Bỏ vụ"));

        batch.When(Plant("2026-03-01")).ThenRefused(BatchErrors.ClosedCode);
    }

    [Fact]
    public void Closing_an_open_batch_records_the_reason_and_now()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"));

        batch.When(new CloseBatch("Hết vụ")).Then(new BatchClosed("Hết vụ", Now));
    }

    [Fact]
    public void Closing_without_a_reason_is_accepted()
    {
        Given(Planted("2026-03-01")).When(new CloseBatch(null)).Then(new BatchClosed(null, Now));
    }

    [Fact]
    public void Closing_a_batch_that_was_never_planted_is_accepted()
    {
        Given().When(new CloseBatch("Bỏ vụ")).Then(new BatchClosed("Bỏ vụ", Now));
    }

    [Fact]
    public void Closing_twice_is_refused()
    {
        var batch = Given(Planted("2026-03-01"), Closed());

        batch.When(new CloseBatch("Again")).ThenRefused(BatchErrors.ClosedCode);
    }
}
