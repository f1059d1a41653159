using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Gs1;
using HaiDuong.Agri.Domain.Lots;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Lots;

public sealed record IssueStampsRequest(int? Count);

/// <summary>The stamps just issued: all of them counted, the first <see cref="IssueStampsCommand.MaxListed"/> listed.</summary>
public sealed record IssuedStamps(
    Guid Id,
    Guid LotId,
    string FirstSerial,
    int Count,
    IReadOnlyList<string> Serials,
    IReadOnlyList<string> DigitalLinks,
    int LiveStamps,
    int UnitCount);

public sealed record IssueStampsCommand(Caller Caller, Guid LotId, long? ExpectedVersion, IssueStampsRequest Body)
    : ICommand<Outcome<IssuedStamps>>, IValidated
{
    public const int MaxPerRequest = 10_000;
    public const int MaxListed = 1_000;

    public void Validate(Validator v) => v.Range("count", Body.Count, 1, MaxPerRequest, required: true);
}

public sealed class IssueStampsHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<IssueStampsCommand, Outcome<IssuedStamps>>
{
    public async ValueTask<Outcome<IssuedStamps>> Handle(IssueStampsCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await session.FetchOwnedAsync<Lot>(
            command.LotId, command.ExpectedVersion, lot => command.Caller.ActsFor(lot.HouseholdId, lot.CooperativeId), "lot", cancellationToken);
        var lot = stream.Aggregate!;

        var now = clock.GetCurrentInstant();
        // 85 random bits each: a repeat is not expected in the lifetime of the system, and the database refuses one anyway
        // (the serial is the stamps table's primary key), which rolls the whole request back.
        var serials = Enumerable.Range(0, command.Body.Count!.Value).Select(_ => Serials.New()).ToList();
        var issued = (StampsIssued)LotDecisions.IssueStamps(lot, Guid.CreateVersion7(), serials, now).Accepted()[0];
        stream.AppendOne(issued);
        StampRegister.Issue(session, lot.Id, lot.StampsIssued + 1, serials, now);
        var listed = serials.Take(IssueStampsCommand.MaxListed).ToList();
        var answer = new IssuedStamps(
            issued.IssueId, lot.Id, serials[0], serials.Count, listed,
            listed.Select(s => links.ForUnit(lot.Gtin, lot.LotCode, s)).ToList(),
            lot.LiveStamps + serials.Count, lot.UnitCount);
        return Outcome.Created(answer, stream.CurrentVersion + 1);
    }
}
