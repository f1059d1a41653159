using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Batches;

public sealed record GetBatch(Caller Caller, Guid Id) : IQuery<BatchDetails>;

public sealed class GetBatchHandler(IQuerySession session) : IQueryHandler<GetBatch, BatchDetails>
{
    public async ValueTask<BatchDetails> Handle(GetBatch query, CancellationToken cancellationToken)
    {
        var batch = await session.LoadAsync<BatchDetails>(query.Id, cancellationToken);
        return batch is not null && query.Caller.ActsFor(batch.HouseholdId, batch.CooperativeId)
            ? await session.WithClaimsAsync(batch, cancellationToken)
            : throw Problems.NotFound("batch");
    }
}
