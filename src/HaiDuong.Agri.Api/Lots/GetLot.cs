using HaiDuong.Agri.Api.Infrastructure.Auth;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Lots;

public sealed record GetLot(Caller Caller, Guid Id) : IQuery<LotDetails>;

public sealed class GetLotHandler(IQuerySession session, PublicLinks links) : IQueryHandler<GetLot, LotDetails>
{
    public async ValueTask<LotDetails> Handle(GetLot query, CancellationToken cancellationToken) =>
        await session.CompleteAsync(await session.LoadLotForAsync(query.Caller, query.Id, cancellationToken), links, cancellationToken);
}
