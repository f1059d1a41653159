using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings.Sync;

/// <summary>
/// An admin, or the cooperative of the listing's household, sends a dead-lettered sync again, from the listing's current
/// state. Another cooperative's dead letter is not found (404), as its listing is.
/// </summary>
public sealed record ReplayDeadLetterCommand(Caller Caller, Guid Id) : ICommand<Outcome<ListingDetails>>;

public sealed class ReplayDeadLetterHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<ReplayDeadLetterCommand, Outcome<ListingDetails>>
{
    public async ValueTask<Outcome<ListingDetails>> Handle(ReplayDeadLetterCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var letter = await SyncLedger.LockDeadLetterAsync(unitOfWork, command.Id, cancellationToken)
            ?? throw Problems.NotFound("dead letter");
        var owner = await session.LoadAsync<ListingDetails>(letter.ListingId, cancellationToken);
        if (owner is null || !MayReplay(command.Caller, owner))
        {
            throw Problems.NotFound("dead letter");
        }

        SyncLedger.Replay(session, command.Id);
        var stream = await session.Events.FetchForExclusiveWriting<ListingDetails>(letter.ListingId, cancellationToken);
        stream.AppendOne(new ListingSyncReplayed(letter.Marketplace, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        var view = (await session.LoadAsync<ListingDetails>(letter.ListingId, cancellationToken))!.Complete(links);
        return Outcome.Changed(view, view.ChangeVersion);
    }

    /// <summary>An admin replays any dead letter; a cooperative those of its member households' listings.</summary>
    public static bool MayReplay(Caller caller, ListingDetails listing) => caller.Role switch
    {
        Role.Admin => true,
        Role.Cooperative => listing.CooperativeId is not null && listing.CooperativeId == caller.CooperativeId,
        _ => false,
    };
}
