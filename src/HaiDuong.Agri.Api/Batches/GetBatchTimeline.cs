using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Batches;

public sealed record GetBatchTimeline(Caller Caller, Guid Id) : IQuery<BatchTimeline>;

public sealed class GetBatchTimelineHandler(IQuerySession session) : IQueryHandler<GetBatchTimeline, BatchTimeline>
{
    public async ValueTask<BatchTimeline> Handle(GetBatchTimeline query, CancellationToken cancellationToken)
    {
        var timeline = await session.LoadAsync<BatchTimeline>(query.Id, cancellationToken);
        return timeline is not null && query.Caller.ActsFor(timeline.HouseholdId, timeline.CooperativeId)
            ? timeline
            : throw Problems.NotFound("batch");
    }
}
