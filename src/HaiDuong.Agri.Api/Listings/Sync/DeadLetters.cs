using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;
using Npgsql;

namespace HaiDuong.Agri.Api.Listings.Sync;

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items);

public sealed record ListDeadLetters(int? Limit) : IQuery<DeadLetterPage>, IValidated
{
    public const int MaxLimit = 500;

    public void Validate(Validator v) => v.Range("limit", Limit, 1, MaxLimit, required: false);
}

/// <summary>An admin sends a dead-lettered sync again, from the listing's current state.</summary>
public sealed record ReplayDeadLetterCommand(Guid Id) : ICommand<CommandAnswer>;

public sealed class DeadLetterHandlers(NpgsqlDataSource dataSource, UnitOfWork unitOfWork, IClock clock, PublicLinks links)
    : IQueryHandler<ListDeadLetters, DeadLetterPage>, ICommandHandler<ReplayDeadLetterCommand, CommandAnswer>
{
    public async ValueTask<DeadLetterPage> Handle(ListDeadLetters query, CancellationToken cancellationToken) =>
        new(await SyncLedger.DeadLettersAsync(dataSource, query.Limit ?? 100, cancellationToken));

    public async ValueTask<CommandAnswer> Handle(ReplayDeadLetterCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var letter = await SyncLedger.LockDeadLetterAsync(unitOfWork, command.Id, cancellationToken)
            ?? throw Problems.NotFound("dead letter");
        SyncLedger.Replay(session, command.Id);
        var stream = await session.Events.FetchForExclusiveWriting<ListingDetails>(letter.ListingId, cancellationToken);
        stream.AppendOne(new ListingSyncReplayed(letter.Marketplace, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        var view = (await session.LoadAsync<ListingDetails>(letter.ListingId, cancellationToken))!.Complete(links);
        return CommandAnswer.Ok(view, view.Version);
    }
}
