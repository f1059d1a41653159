using FluentAssertions;

using HaiDuong.Agri.Domain.Batches;

using static HaiDuong.Agri.UnitTests.Batches.BatchSpec;

namespace HaiDuong.Agri.UnitTests.Batches;

public class OfflineStepTests
{
    [Fact]
    public void Resent_step_with_an_applied_client_step_id_is_a_duplicate_of_the_original_and_appends_nothing()
    {
        var original = Harvested("2026-06-03", clientStepId: "phone-7:42");
        var batch = Given(Planted("2026-03-01"), original);

        var decision = batch.When(Harvest("2026-06-03", clientStepId: "phone-7:42"));

        decision.DuplicateOf.Should().Be(original.StepId);
        decision.Events.Should().BeEmpty();
        decision.Error.Should().BeNull();
        decision.IsAccepted.Should().BeTrue();
    }

    [Fact]
    public void Resent_planting_is_a_duplicate_rather_than_already_planted()
    {
        var original = Planted("2026-03-01", clientStepId: "phone-7:1");
        var batch = Given(original);

        var decision = batch.When(Plant("2026-03-01", clientStepId: "phone-7:1"));

        decision.DuplicateOf.Should().Be(original.StepId);
        decision.Events.Should().BeEmpty();
        decision.Error.Should().BeNull();
    }

    [Fact]
    public void Resent_step_is_a_duplicate_even_after_the_batch_is_closed()
    {
        var original = ActivityDone("2026-06-01T01:00:00Z", clientStepId: "phone-7:9");
        var batch = Given(Planted("2026-03-01"), original, Closed());

        var decision = batch.When(RecordActivity("2026-06-01T01:00:00Z", clientStepId: "phone-7:9"));

        decision.DuplicateOf.Should().Be(original.StepId);
        decision.Events.Should().BeEmpty();
        decision.Error.Should().BeNull();
    }

    [Fact]
    public void Resent_step_is_a_duplicate_even_when_its_content_would_otherwise_be_refused()
    {
        var original = Harvested("2026-06-03", clientStepId: "phone-7:42");
        var batch = Given(Planted("2026-03-01"), original);

        // Dated before planting: a new step would be refused with step-before-planting.
        var decision = batch.When(Harvest("2026-02-01", clientStepId: "phone-7:42"));

        decision.DuplicateOf.Should().Be(original.StepId);
        decision.Events.Should().BeEmpty();
        decision.Error.Should().BeNull();
    }

    [Fact]
    public void Step_with_a_new_client_step_id_is_applied()
    {
        var batch = Given(Planted("2026-03-01", clientStepId: "phone-7:1"), Harvested("2026-06-03", clientStepId: "phone-7:2"));

        var harvested = batch.When(Harvest("2026-06-04", clientStepId: "phone-7:3")).ThenOne<BatchHarvested>();

        harvested.ClientStepId.Should().Be("phone-7:3");
    }

    [Fact]
    public void Client_step_ids_are_compared_exactly()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03", clientStepId: "phone-7:a"));

        batch.When(Harvest("2026-06-04", clientStepId: "PHONE-7:A")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Step_without_a_client_step_id_is_never_a_duplicate()
    {
        var batch = Given(Planted("2026-03-01"), Harvested("2026-06-03"));

        batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Client_step_id_of_a_refused_step_is_not_remembered()
    {
        var batch = Given(Planted("2026-03-01"), PesticideApplied("Radiant 60SC", "2026-05-27", 7));
        batch.When(Harvest("2026-06-02", clientStepId: "phone-7:5")).ThenRefused(BatchErrors.PreHarvestIntervalCode);

        batch.When(Harvest("2026-06-03", clientStepId: "phone-7:5")).ThenOne<BatchHarvested>();
    }

    [Fact]
    public void Harvest_without_occurred_at_happens_at_the_start_of_its_local_date_in_Viet_Nam()
    {
        var batch = Given(Planted("2026-03-01"));

        var harvested = batch.When(Harvest("2026-06-03")).ThenOne<BatchHarvested>();

        harvested.OccurredAt.Should().Be(BatchSpec.At("2026-06-02T17:00:00Z"));
    }

    [Fact]
    public void Planting_without_occurred_at_happens_at_the_start_of_its_local_date_in_Viet_Nam()
    {
        var planted = Given().When(Plant("2026-03-01")).ThenOne<BatchPlanted>();

        planted.OccurredAt.Should().Be(BatchSpec.At("2026-02-28T17:00:00Z"));
    }

    [Fact]
    public void Input_without_occurred_at_happens_at_the_start_of_its_local_date_in_Viet_Nam()
    {
        var batch = Given(Planted("2026-03-01"));

        var applied = batch.When(ApplyPesticide("Radiant 60SC", "2026-06-03", 7)).ThenOne<InputApplied>();

        applied.OccurredAt.Should().Be(BatchSpec.At("2026-06-02T17:00:00Z"));
    }

    [Fact]
    public void Harvest_with_occurred_at_keeps_it_and_is_recorded_now()
    {
        var batch = Given(Planted("2026-03-01"));
        var harvest = Harvest("2026-06-03", 820.5m, BatchSpec.At("2026-06-03T00:15:00Z"), "phone-7:3");

        batch.When(harvest).Then(new BatchHarvested(
            harvest.StepId, Date("2026-06-03"), 820.5m, "Loại 1", BatchSpec.At("2026-06-03T00:15:00Z"), Now, "phone-7:3"));
    }

    [Fact]
    public void Input_with_occurred_at_keeps_it_and_is_recorded_now()
    {
        var batch = Given(Planted("2026-03-01"));
        var input = ApplyPesticide("Radiant 60SC", "2026-06-03", 7, BatchSpec.At("2026-06-02T23:30:00Z"), "phone-7:4");

        batch.When(input).Then(new InputApplied(
            input.StepId, InputKind.Pesticide, "Radiant 60SC", "Abamectin", 0.5m, "l", Date("2026-06-03"), 7,
            "Nguyễn Văn A", "Sâu đục quả", BatchSpec.At("2026-06-02T23:30:00Z"), Now, "phone-7:4"));
    }

    [Fact]
    public void Activity_keeps_its_occurred_at_and_is_recorded_now()
    {
        var batch = Given(Planted("2026-03-01"));
        var activity = RecordActivity("2026-06-03T02:00:00Z", "phone-7:6");

        batch.When(activity).Then(new ActivityRecorded(
            activity.StepId, ActivityKind.Irrigation, "Tưới gốc", BatchSpec.At("2026-06-03T02:00:00Z"), Now, "phone-7:6"));
    }

    [Fact]
    public void Step_synced_days_later_is_recorded_now_but_occurs_on_its_field_date()
    {
        var batch = Given(Planted("2026-03-01"));

        var harvested = batch.When(Harvest("2026-05-20")).ThenOne<BatchHarvested>();

        harvested.RecordedAt.Should().Be(Now);
        harvested.OccurredAt.Should().Be(BatchSpec.At("2026-05-19T17:00:00Z"));
        harvested.OccurredAt.Should().BeLessThan(harvested.RecordedAt);
    }
}
