using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using Marten;
using Mediator;
using Npgsql;

namespace HaiDuong.Agri.Api.Listings.Sync;

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items);

public sealed record ListDeadLetters(int? Limit) : IQuery<DeadLetterPage>, IValidated
{
    public const int MaxLimit = 500;

    public void Validate(Validator v) => v.Range("limit", Limit, 1, MaxLimit, required: false);
}

public sealed class ListDeadLettersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListDeadLetters, DeadLetterPage>
{
    public async ValueTask<DeadLetterPage> Handle(ListDeadLetters query, CancellationToken cancellationToken) =>
        new(await SyncLedger.DeadLettersAsync(dataSource, query.Limit ?? 100, cancellationToken));
}

/// <summary>
/// The dead letters of the given listings that the caller may replay (<see cref="ReplayDeadLetterHandler.MayReplay"/>): the
/// cooperative desk shows each beside its listing. Listings the caller may not replay are passed over.
/// </summary>
public sealed record ListListingDeadLetters(Caller Caller, IReadOnlyList<Guid> ListingIds) : IQuery<DeadLetterPage>;

public sealed class ListListingDeadLettersHandler(IQuerySession session, NpgsqlDataSource dataSource) : IQueryHandler<ListListingDeadLetters, DeadLetterPage>
{
    public async ValueTask<DeadLetterPage> Handle(ListListingDeadLetters query, CancellationToken cancellationToken)
    {
        var listings = await session.LoadManyAsync<ListingDetails>(cancellationToken, query.ListingIds.Distinct());
        var mine = listings.Where(l => ReplayDeadLetterHandler.MayReplay(query.Caller, l)).Select(l => l.Id).ToList();
        return new(await SyncLedger.DeadLettersOfAsync(dataSource, mine, cancellationToken));
    }
}
