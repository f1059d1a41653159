using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Trace;
using HaiDuong.Agri.Domain.Lots;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Lots;

public sealed record VoidStampRequest(string? Reason);

/// <summary>A stamp as its lot's owner sees it.</summary>
public sealed record StampView(
    string Serial,
    Guid LotId,
    int Sequence,
    string DigitalLink,
    Instant IssuedAt,
    Instant? VoidedAt,
    string? VoidReason,
    Instant? PrintedAt,
    long ScanCount,
    Instant? FirstScannedAt)
{
    public static StampView Of(Stamp s, string digitalLink, ScanTally scans) =>
        new(s.Serial, s.LotId, s.Sequence, digitalLink, s.IssuedAt, s.VoidedAt, s.VoidReason, s.PrintedAt, scans.Count, scans.FirstScannedAt);
}

public sealed record VoidStampCommand(Caller Caller, string Serial, long? ExpectedVersion, VoidStampRequest Body) : ICommand<Outcome<StampView>>, IValidated
{
    public void Validate(Validator v) => v.Text("reason", Body.Reason, required: true, maxLength: 500);
}

public sealed class VoidStampHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links, StampRegister stamps, ScanCounter scans) : ICommandHandler<VoidStampCommand, Outcome<StampView>>
{
    public async ValueTask<Outcome<StampView>> Handle(VoidStampCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stamp = await stamps.FindAsync(command.Serial, cancellationToken) ?? throw Problems.NotFound("stamp");
        var stream = await session.FetchOwnedAsync<Lot>(
            stamp.LotId, command.ExpectedVersion, lot => command.Caller.ActsFor(lot.HouseholdId, lot.CooperativeId), "stamp", cancellationToken);
        var lot = stream.Aggregate!;

        var now = clock.GetCurrentInstant();
        var reason = Validator.Clean(command.Body.Reason)!;
        stream.AppendMany(LotDecisions.Void(lot, stamp.Serial, reason, now).Accepted());
        StampRegister.Void(session, stamp.Serial, reason, now);
        var tally = (await scans.TalliesAsync([stamp.Serial], cancellationToken)).GetValueOrDefault(stamp.Serial, ScanTally.None);
        var voided = stamp with { VoidedAt = now, VoidReason = reason };
        return Outcome.Changed(StampView.Of(voided, links.ForUnit(lot.Gtin, lot.LotCode, stamp.Serial), tally));
    }
}
