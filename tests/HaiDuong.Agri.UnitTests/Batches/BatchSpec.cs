using FluentAssertions;

using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;

using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.UnitTests.Batches;

/// <summary>
/// Given(events) / When(command) / Then(events or error) for the batch decisions.
/// Builders give every step a fresh step id; tests that compare whole events take it from the command.
/// </summary>
internal static class BatchSpec
{
    /// <summary>The server's clock when the command is decided (17:00 local, 10/06/2026).</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 10, 0);

    public static readonly BatchStarted Started = new(
        Guid.Parse("0b7a3a52-5d1e-4c62-9a0e-1f9f1c3b2a01"),
        Guid.Parse("0b7a3a52-5d1e-4c62-9a0e-1f9f1c3b2a02"),
        Guid.Parse("0b7a3a52-5d1e-4c62-9a0e-1f9f1c3b2a03"),
        Guid.Parse("0b7a3a52-5d1e-4c62-9a0e-1f9f1c3b2a04"),
        "Vải thiều",
        "Thanh Hà",
        "2026",
        Date("2026-06-20"),
        Instant.FromUtc(2026, 1, 5, 2, 0));

    public static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;

    /// <summary>The batch state after <see cref="Started"/> and then <paramref name="events"/>.</summary>
    public static Batch Given(params object[] events) => events.Aggregate(Batch.From(Started), (batch, e) => batch.Then(e));

    public static Decision When(this Batch batch, IStepCommand command) => BatchDecisions.Decide(batch, command, Now);

    public static Decision When(this Batch batch, CloseBatch command) => BatchDecisions.Close(batch, command, Now);

    /// <summary>Asserts the command was accepted with exactly <paramref name="expected"/>.</summary>
    public static void Then(this Decision decision, params object[] expected)
    {
        decision.Error.Should().BeNull();
        decision.DuplicateOf.Should().BeNull();
        decision.Events.Should().Equal(expected);
    }

    /// <summary>Asserts the command was accepted with a single event of type <typeparamref name="TEvent"/> and returns it.</summary>
    public static TEvent ThenOne<TEvent>(this Decision decision)
    {
        decision.Error.Should().BeNull();
        decision.DuplicateOf.Should().BeNull();
        return decision.Events.Should().ContainSingle().Which.Should().BeOfType<TEvent>().Subject;
    }

    /// <summary>Asserts the command was refused with <paramref name="code"/>, appending nothing, and returns the error.</summary>
    public static DomainError ThenRefused(this Decision decision, string code)
    {
        decision.IsAccepted.Should().BeFalse();
        decision.Events.Should().BeEmpty();
        decision.DuplicateOf.Should().BeNull();
        decision.Error.Should().NotBeNull();
        decision.Error!.Code.Should().Be(code);
        return decision.Error;
    }

    // Events (history)

    public static BatchPlanted Planted(string on, string? clientStepId = null) =>
        new(Guid.NewGuid(), Date(on), "Giống gốc", "L-01", 100m, "cây", FieldTime.StartOf(Date(on)), Now, clientStepId);

    public static InputApplied PesticideApplied(string product, string on, int? preHarvestIntervalDays) =>
        new(Guid.NewGuid(), InputKind.Pesticide, product, "Abamectin", 0.5m, "l", Date(on), preHarvestIntervalDays,
            "Nguyễn Văn A", "Sâu đục quả", FieldTime.StartOf(Date(on)), Now, null);

    public static InputApplied FertilizerApplied(string product, string on) =>
        new(Guid.NewGuid(), InputKind.Fertilizer, product, null, 20m, "kg", Date(on), null, null, null,
            FieldTime.StartOf(Date(on)), Now, null);

    public static ActivityRecorded ActivityDone(string at, string? clientStepId = null) =>
        new(Guid.NewGuid(), ActivityKind.Irrigation, null, At(at), Now, clientStepId);

    public static BatchHarvested Harvested(string on, decimal quantityKg = 500m, string? clientStepId = null) =>
        new(Guid.NewGuid(), Date(on), quantityKg, "Loại 1", FieldTime.StartOf(Date(on)), Now, clientStepId);

    public static BatchClosed Closed(string? reason = "Hết vụ") => new(reason, Instant.FromUtc(2026, 6, 9, 1, 0));

    // Commands

    public static PlantBatch Plant(string on, Instant? occurredAt = null, string? clientStepId = null) =>
        new(Guid.NewGuid(), Date(on), "Giống gốc", "L-01", 100m, "cây", occurredAt, clientStepId);

    public static RecordInputApplication ApplyPesticide(
        string product, string on, int? preHarvestIntervalDays, Instant? occurredAt = null, string? clientStepId = null) =>
        new(Guid.NewGuid(), InputKind.Pesticide, product, "Abamectin", 0.5m, "l", Date(on), preHarvestIntervalDays,
            "Nguyễn Văn A", "Sâu đục quả", occurredAt, clientStepId);

    public static RecordInputApplication ApplyFertilizer(string product, string on) =>
        new(Guid.NewGuid(), InputKind.Fertilizer, product, null, 20m, "kg", Date(on), null, null, null, null, null);

    public static RecordActivity RecordActivity(string at, string? clientStepId = null) =>
        new(Guid.NewGuid(), ActivityKind.Irrigation, At(at), "Tưới gốc", clientStepId);

    public static HarvestBatch Harvest(string on, decimal quantityKg = 500m, Instant? occurredAt = null, string? clientStepId = null) =>
        new(Guid.NewGuid(), Date(on), quantityKg, "Loại 1", occurredAt, clientStepId);
}
