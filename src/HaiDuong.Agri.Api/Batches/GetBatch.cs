using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Batches;

public sealed record GetBatch(Caller Caller, Guid Id) : IQuery<BatchDetails>;

public sealed record GetBatchTimeline(Caller Caller, Guid Id) : IQuery<BatchTimeline>;

public sealed class GetBatchHandler(IQuerySession session)
    : IQueryHandler<GetBatch, BatchDetails>, IQueryHandler<GetBatchTimeline, BatchTimeline>
{
    public async ValueTask<BatchDetails> Handle(GetBatch query, CancellationToken cancellationToken)
    {
        var batch = await session.LoadAsync<BatchDetails>(query.Id, cancellationToken);
        return batch is not null && query.Caller.ActsFor(batch.HouseholdId, batch.CooperativeId)
            ? await session.WithClaimsAsync(batch, cancellationToken)
            : throw Problems.NotFound("batch");
    }

    public async ValueTask<BatchTimeline> Handle(GetBatchTimeline query, CancellationToken cancellationToken)
    {
        var timeline = await session.LoadAsync<BatchTimeline>(query.Id, cancellationToken);
        return timeline is not null && query.Caller.ActsFor(timeline.HouseholdId, timeline.CooperativeId)
            ? timeline
            : throw Problems.NotFound("batch");
    }
}
