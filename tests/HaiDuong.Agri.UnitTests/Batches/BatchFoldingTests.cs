using FluentAssertions;

using HaiDuong.Agri.Domain.Batches;

using NodaTime;

using static HaiDuong.Agri.UnitTests.Batches.BatchSpec;

namespace HaiDuong.Agri.UnitTests.Batches;

public class BatchFoldingTests
{
    [Fact]
    public void Starting_a_batch_carries_the_command_values_and_now()
    {
        var command = new StartBatch(
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, "Vải thiều", "Thanh Hà", "2026", Date("2026-06-20"));

        BatchDecisions.Start(command, Now).Should().Be(new BatchStarted(
            command.BatchId, command.GrowingAreaId, command.HouseholdId, null, "Vải thiều", "Thanh Hà", "2026",
            Date("2026-06-20"), Now));
    }

    [Fact]
    public void Started_batch_carries_its_ids_and_crop_and_is_empty()
    {
        var batch = Given();

        batch.Id.Should().Be(Started.BatchId);
        batch.GrowingAreaId.Should().Be(Started.GrowingAreaId);
        batch.HouseholdId.Should().Be(Started.HouseholdId);
        batch.CooperativeId.Should().Be(Started.CooperativeId);
        batch.Crop.Should().Be("Vải thiều");
        batch.Status.Should().Be(BatchStatus.Started);
        batch.PlantedOn.Should().BeNull();
        batch.Pesticides.Should().BeEmpty();
        batch.HarvestDates.Should().BeEmpty();
        batch.HarvestedKg.Should().Be(0m);
        batch.ClientSteps.Should().BeEmpty();
    }

    [Fact]
    public void Status_moves_from_started_to_planted_to_harvesting_to_closed()
    {
        var batch = Given();
        batch.Status.Should().Be(BatchStatus.Started);

        batch = batch.Then(Planted("2026-03-01"));
        batch.Status.Should().Be(BatchStatus.Planted);
        batch.PlantedOn.Should().Be(Date("2026-03-01"));

        batch = batch.Then(Harvested("2026-06-03"));
        batch.Status.Should().Be(BatchStatus.Harvesting);

        batch = batch.Then(Closed());
        batch.Status.Should().Be(BatchStatus.Closed);
    }

    [Fact]
    public void Inputs_and_activities_keep_a_planted_batch_planted()
    {
        var batch = Given(
            Planted("2026-03-01"),
            FertilizerApplied("NPK 16-16-8", "2026-03-10"),
            PesticideApplied("Radiant 60SC", "2026-04-01", 7),
            ActivityDone("2026-04-02T01:00:00Z"));

        batch.Status.Should().Be(BatchStatus.Planted);
    }

    [Fact]
    public void Inputs_after_the_first_harvest_keep_the_batch_harvesting()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"), PesticideApplied("Radiant 60SC", "2026-06-04", 7));

        batch.Status.Should().Be(BatchStatus.Harvesting);
    }

    [Fact]
    public void Harvested_kg_sums_all_harvests()
    {
        var batch = Given(
            Planted("2026-03-01"),
            Harvested("2026-06-03", 500m),
            Harvested("2026-06-04", 320.5m),
            Harvested("2026-06-05", 0.25m));

        batch.HarvestedKg.Should().Be(820.75m);
        batch.HarvestDates.Should().Equal(Date("2026-06-03"), Date("2026-06-04"), Date("2026-06-05"));
    }

    [Fact]
    public void Only_pesticides_are_kept_for_the_pre_harvest_interval()
    {
        var pesticide = PesticideApplied("Radiant 60SC", "2026-04-01", 7);
        var other = FertilizerApplied("Compost", "2026-04-02") with { Kind = InputKind.Other };

        var batch = Given(Planted("2026-03-01"), FertilizerApplied("NPK 16-16-8", "2026-03-10"), pesticide, other);

        batch.Pesticides.Should().Equal(pesticide);
    }

    [Fact]
    public void Every_step_with_a_client_step_id_is_remembered_by_its_step_id()
    {
        var planted = Planted("2026-03-01", "c-1");
        var input = PesticideApplied("Radiant 60SC", "2026-04-01", 7) with { ClientStepId = "c-2" };
        var activity = ActivityDone("2026-04-02T01:00:00Z", "c-3");
        var harvested = Harvested("2026-06-03", clientStepId: "c-4");

        var batch = Given(planted, input, activity, harvested, Harvested("2026-06-04"));

        batch.ClientSteps.Should().BeEquivalentTo(new Dictionary<string, Guid>
        {
            ["c-1"] = planted.StepId,
            ["c-2"] = input.StepId,
            ["c-3"] = activity.StepId,
            ["c-4"] = harvested.StepId,
        });
    }

    [Fact]
    public void Unknown_events_leave_the_state_unchanged()
    {
        var batch = Given(Planted("2026-03-01"));

        batch.Then(Started).Should().BeSameAs(batch);
        batch.Then("not an event").Should().BeSameAs(batch);
    }

    [Fact]
    public void Closing_keeps_what_was_harvested()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03", 500m), Closed());

        batch.HarvestedKg.Should().Be(500m);
        batch.PlantedOn.Should().Be(Date("2026-03-01"));
    }

    [Fact]
    public void Accepted_events_folded_back_drive_the_next_decision()
    {
        var batch = Given();
        var now = Instant.FromUtc(2026, 6, 10, 10, 0);

        foreach (var command in new IStepCommand[] { Plant("2026-03-01"), ApplyPesticide("Radiant 60SC", "2026-05-27", 7) })
        {
            batch = BatchDecisions.Decide(batch, command, now).Events.Aggregate(batch, (b, e) => b.Then(e));
        }

        batch.When(Harvest("2026-06-02")).ThenRefused(BatchErrors.PreHarvestIntervalCode);
        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }
}
