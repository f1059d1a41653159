using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Domain.Lots;
using Marten;
using Mediator;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Lots;

public sealed record PackLotRequest(
    Guid? BatchId,
    string? Gtin,
    string? LotCode,
    LocalDate? PackedOn,
    int? UnitCount,
    int? NetWeightGrams,
    string? Packaging,
    string? ProductName,
    string? Market = null);

public sealed record PackLotCommand(Caller Caller, PackLotRequest Body) : ICommand<Outcome<LotDetails>>, IValidated
{
    public const int MaxUnits = 1_000_000;

    public const string LotCodeTakenCode = "lot-code-taken";

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("batchId", b.BatchId);
        v.Gtin("gtin", b.Gtin);
        v.Gs1Value("lotCode", b.LotCode, required: false, "A lot code is 1 to 20 characters of GS1's set (letters, digits and !\"%&'()*+,-./:;<=>?_).");

        v.FieldDate("packedOn", b.PackedOn);
        v.Range("unitCount", b.UnitCount, 1, MaxUnits, required: true);
        v.Range("netWeightGrams", b.NetWeightGrams, 1, 1_000_000, required: true);
        v.Text("productName", b.ProductName, required: true, maxLength: 150);
        v.Text("packaging", b.Packaging, required: false, maxLength: 100);
        if (b.Market is not null && Markets.Parse(b.Market) is null)
        {
            v.Fail("market", $"Must be one of: {string.Join(", ", Markets.Accepted)}.");
        }
    }
}

public sealed class PackLotHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<PackLotCommand, Outcome<LotDetails>>
{
    public async ValueTask<Outcome<LotDetails>> Handle(PackLotCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var batch = await session.FetchOwnedAsync<Domain.Batches.Batch>(
            b.BatchId!.Value, null, batch => caller.ActsFor(batch.HouseholdId, batch.CooperativeId), "batch", cancellationToken, "batchId");

        var gtin = Gtin.ToGtin14(b.Gtin, out _)!;
        var lotCode = b.LotCode ?? await FreeLotCodeAsync(session, gtin, b.PackedOn!.Value, cancellationToken);
        if (b.LotCode is not null && await IsTakenAsync(session, gtin, lotCode, cancellationToken))
        {
            throw Problems.Conflict(PackLotCommand.LotCodeTakenCode, "The lot code is already used", $"GTIN {gtin} already has a lot {lotCode}.");
        }

        var now = clock.GetCurrentInstant();
        var lotId = Guid.CreateVersion7();
        var area = batch.Aggregate!.GrowingAreaId;
        var cooperative = batch.Aggregate!.CooperativeId;
        Guid[] holders = cooperative is { } c ? [area, c] : [area];
        var codes = await session.Query<ComplianceCode>().Where(code => holders.Contains(code.HolderId)).ToListAsync(cancellationToken);
        var coded = LotCodes.Decide(
            Markets.Parse(b.Market), b.PackedOn!.Value,
            codes.Where(code => code.Kind == CodeKind.GrowingArea && code.HolderId == area).ToList(),
            codes.Where(code => code.Kind == CodeKind.PackingHouse && code.HolderId == cooperative).ToList(),
            now).Accepted();
        var yieldChecked = await CheckYieldAsync(
            session, batch.Aggregate!, codes.Any(code => code.Kind == CodeKind.GrowingArea && code.HolderId == area), Markets.Parse(b.Market),
            b.PackedOn!.Value, (long)b.UnitCount!.Value * b.NetWeightGrams!.Value, now, cancellationToken);
        var rulesChecked = Markets.Parse(b.Market) is { } market
            ? await CheckMarketRulesAsync(session, batch.Aggregate!, market, b.PackedOn!.Value, now, cancellationToken)
            : [];
        var events = LotDecisions.Pack(
            batch.Aggregate!,
            new PackLot(
                lotId, gtin, lotCode, b.PackedOn!.Value, b.UnitCount!.Value, b.NetWeightGrams!.Value,
                Validator.Clean(b.ProductName)!, Validator.Clean(b.Packaging)),
            now).Accepted();
        var packed = events.OfType<LotPacked>().Single();
        batch.AppendMany(events.OfType<BatchPacked>());
        session.Events.StartStream<Lot>(packed.LotId, [packed, .. coded, .. rulesChecked, .. yieldChecked]);
        await session.SaveChangesAsync(cancellationToken);
        var view = await session.CompleteAsync((await session.LoadAsync<LotDetails>(packed.LotId, cancellationToken))!, links, cancellationToken);
        return Outcome.Created(view, view.Version);
    }

    /// <summary>The market's rules against the batch's sprays: nothing when kept, the override's record when an auditor's override stands, else a 409 naming each offending step.</summary>
    private static async Task<IReadOnlyList<object>> CheckMarketRulesAsync(
        IDocumentSession session, Domain.Batches.Batch batch, Market market, LocalDate packedOn, Instant now, CancellationToken ct)
    {
        var offences = MarketRuleBook.Offences(MarketRuleBook.For(market), batch.Pesticides, batch.HarvestDates, packedOn);
        var standing = offences.Count == 0
            ? null
            : (await session.Query<MarketRuleOverride>().Where(o => o.BatchId == batch.Id).ToListAsync(ct))
                .Where(o => o.Market == market).OrderBy(o => o.RecordedAt).LastOrDefault();
        return MarketRuleDecisions.Check(market, offences, standing, now).Accepted();
    }

    /// <summary>The code-borrowing check: what the coded area packed this year, this lot included, against what its hectares plausibly yield.</summary>
    private static async Task<IReadOnlyList<object>> CheckYieldAsync(
        IDocumentSession session, Domain.Batches.Batch batch, bool coded, Market? market, LocalDate packedOn, long grams, Instant now, CancellationToken ct)
    {
        if (!coded || await session.LoadAsync<Domain.GrowingAreas.GrowingArea>(batch.GrowingAreaId, ct) is not { } area)
        {
            return [];
        }

        var lots = await session.Query<LotDetails>().Where(l => l.GrowingAreaId == area.Id).ToListAsync(ct);
        var packedThisYear = lots.Where(l => l.PackedOn.Year == packedOn.Year).Sum(l => (long)l.UnitCount * l.NetWeightGrams);
        return CodeBorrowing.Check(coded, area.Crop, area.AreaM2, market, packedOn, packedThisYear, grams, now).Accepted();
    }

    private static Task<bool> IsTakenAsync(IDocumentSession session, string gtin, string lotCode, CancellationToken ct) =>
        session.Query<LotDetails>().AnyAsync(l => l.Gtin == gtin && l.LotCode == lotCode, ct);

    /// <summary>A readable code unique for the GTIN: the packing date and a random suffix, e.g. <c>260603-K7QF</c>.</summary>
    private static async Task<string> FreeLotCodeAsync(IDocumentSession session, string gtin, LocalDate packedOn, CancellationToken ct)
    {
        var prefix = LocalDatePattern.CreateWithInvariantCulture("yyMMdd").Format(packedOn);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var candidate = $"{prefix}-{Serials.Short()}";
            if (!await IsTakenAsync(session, gtin, candidate, ct))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free lot code for GTIN {gtin} on {prefix} after 10 attempts.");
    }
}
