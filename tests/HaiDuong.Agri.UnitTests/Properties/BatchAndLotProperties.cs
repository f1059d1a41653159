using CsCheck;
using FluentAssertions;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Lots;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Properties;

/// <summary>
/// Random sequences of batch and lot commands, decided and folded as the app does: whatever is accepted, the season's
/// invariants hold, and replaying the accepted events rebuilds the same state.
/// </summary>
public sealed class BatchAndLotProperties
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 3, 0);
    private static readonly LocalDate SeasonStart = new(2026, 1, 1);

    /// <summary>One thing a household or cooperative may try: what it is, a day of the season, and a size.</summary>
    private sealed record Try(int Kind, int Day, int Size, int Phi);

    private static readonly Gen<Try> Tries =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 180], Gen.Int[1, 400], Gen.Int[0, 21], (kind, day, size, phi) => new Try(kind, day, size, phi));

    private sealed class Season
    {
        public Batch Batch { get; set; } = null!;

        public List<object> BatchEvents { get; } = [];

        public List<(Lot Lot, List<object> Events)> Lots { get; } = [];

        /// <summary>The serials issued for each lot (same order as <see cref="Lots"/>), so a void names a real stamp.</summary>
        public List<List<string>> Serials { get; } = [];

        public int Closed { get; set; } = -1;

        public int Decided { get; set; }
    }

    private static Season Play(IReadOnlyList<Try> tries)
    {
        var started = BatchDecisions.Start(
            new StartBatch(Guid.Parse("0190a1b2-0000-7000-8000-000000000001"), Guid.Parse("0190a1b2-0000-7000-8000-000000000002"),
                Guid.Parse("0190a1b2-0000-7000-8000-000000000003"), null, "vải thiều", null, null, null),
            Now);
        var season = new Season { Batch = Batch.From(started) };
        season.BatchEvents.Add(started);
        var n = 0;
        foreach (var t in tries)
        {
            n++;
            var day = SeasonStart.PlusDays(t.Day);
            var step = new Guid(n, 0, 0, new byte[8]);
            var decision = t.Kind switch
            {
                0 => BatchDecisions.Decide(season.Batch, new PlantBatch(step, day, null, null, null, null, null, null), Now),
                1 => BatchDecisions.Decide(season.Batch, new RecordInputApplication(
                    step, InputKind.Pesticide, "Regent 800WG", "Fipronil", 1.5m, "g/l", day, t.Phi, null, null, null, null), Now),
                2 => BatchDecisions.Decide(season.Batch, new RecordInputApplication(
                    step, InputKind.Fertilizer, "NPK", null, 2m, "kg", day, null, null, null, null, null), Now),
                3 => BatchDecisions.Decide(season.Batch, new RecordActivity(step, ActivityKind.Irrigation, Domain.Common.FieldTime.StartOf(day), null, null), Now),
                4 => BatchDecisions.Decide(season.Batch, new HarvestBatch(step, day, t.Size, null, null, null), Now),
                5 => BatchDecisions.Close(season.Batch, new CloseBatch(null), Now),
                6 => LotDecisions.Pack(season.Batch, new PackLot(step, "08931234567897", $"L{n}", day, t.Size, 100 * t.Phi + 100, "Vải", null), Now),
                7 when season.Lots.Count > 0 => LotDecisions.IssueStamps(
                    season.Lots[t.Size % season.Lots.Count].Lot, step, [.. Enumerable.Range(0, t.Size).Select(i => $"S{n}-{i}")], Now),
                8 when season.Lots.Count > 0 && season.Serials[t.Size % season.Lots.Count] is { Count: > 0 } serials => LotDecisions.Void(
                    season.Lots[t.Size % season.Lots.Count].Lot, serials[t.Phi % serials.Count], "rách tem", Now),
                _ => null,
            };

            if (decision is null)
            {
                continue;
            }

            season.Decided++;
            if (season.Closed >= 0 && t.Kind is >= 0 and <= 4)
            {
                decision.IsAccepted.Should().BeFalse("nothing is recorded on a closed batch");
            }

            foreach (var e in decision.Events)
            {
                Apply(season, e, t);
            }
        }

        return season;
    }

    private static void Apply(Season season, object e, Try t)
    {
        switch (e)
        {
            case LotPacked packed:
                season.Lots.Add((Lot.From(packed), [packed]));
                season.Serials.Add([]);
                break;
            case StampsIssued or StampVoided:
                var index = t.Size % season.Lots.Count;
                var (lot, events) = season.Lots[index];
                season.Lots[index] = (lot.Then(e), [.. events, e]);
                if (e is StampsIssued issued)
                {
                    season.Serials[index].AddRange(issued.Serials);
                }
                break;
            default:
                season.Batch = season.Batch.Then(e);
                season.BatchEvents.Add(e);
                if (e is BatchClosed)
                {
                    season.Closed = season.BatchEvents.Count;
                }

                break;
        }
    }

    [Fact]
    public void Whatever_is_accepted_packed_never_exceeds_harvested_stamps_never_exceed_units_and_the_pre_harvest_interval_holds()
    {
        long lots = 0, stamps = 0, voids = 0, harvests = 0, closes = 0;
        Tries.List[0, 60].Sample(tries =>
        {
            var season = Play(tries);
            Interlocked.Add(ref lots, season.Lots.Count);
            Interlocked.Add(ref stamps, season.Lots.Sum(l => l.Lot.StampsIssued));
            Interlocked.Add(ref voids, season.Lots.Sum(l => l.Lot.VoidedSerials.Count));
            Interlocked.Add(ref harvests, season.BatchEvents.OfType<BatchHarvested>().Count());
            Interlocked.Add(ref closes, season.Closed >= 0 ? 1 : 0);
            var batch = season.Batch;
            var harvested = season.BatchEvents.OfType<BatchHarvested>().ToList();
            batch.PackedGrams.Should().BeLessThanOrEqualTo((long)(harvested.Sum(h => h.QuantityKg) * 1000m));
            for (var i = 0; i < season.Lots.Count; i++)
            {
                var lot = season.Lots[i].Lot;
                lot.LiveStamps.Should().BeLessThanOrEqualTo(lot.UnitCount);
                lot.VoidedSerials.Should().BeSubsetOf(season.Serials[i], "only issued stamps are voided");
            }

            foreach (var pesticide in season.BatchEvents.OfType<InputApplied>().Where(i => i.Kind == InputKind.Pesticide))
            {
                harvested.Should().NotContain(h => BatchDecisions.Blocks(pesticide, h.HarvestedOn), "no harvest inside a pesticide's interval");
            }

            if (season.Closed >= 0)
            {
                season.BatchEvents.Skip(season.Closed).Where(e => e is not BatchPacked).Should().BeEmpty("only packing follows a close");
            }
        }, iter: 400);

        // The sequences did reach what the invariants are about.
        new[] { lots, stamps, voids, harvests, closes }.Should().OnlyContain(count => count > 0);
    }

    [Fact]
    public void Replaying_the_accepted_events_rebuilds_the_same_state()
    {
        Tries.List[0, 60].Sample(tries =>
        {
            var season = Play(tries);
            var replayed = season.BatchEvents.Skip(1).Aggregate(Batch.From((BatchStarted)season.BatchEvents[0]), (b, e) => b.Then(e));
            Fingerprint(replayed).Should().Be(Fingerprint(season.Batch));
            foreach (var (lot, events) in season.Lots)
            {
                var rebuilt = events.Skip(1).Aggregate(Lot.From((LotPacked)events[0]), (l, e) => l.Then(e));
                (rebuilt.StampsIssued, rebuilt.LiveStamps, rebuilt.UnitCount).Should().Be((lot.StampsIssued, lot.LiveStamps, lot.UnitCount));
            }
        }, iter: 200);
    }

    private static string Fingerprint(Batch b) =>
        $"{b.Status}|{b.PlantedOn}|{string.Join(",", b.HarvestDates)}|{b.HarvestedKg}|{b.PackedGrams}|{b.Pesticides.Count}|{b.ClientSteps.Count}";
}
