using HaiDuong.Agri.Api.Infrastructure.Validation;
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
