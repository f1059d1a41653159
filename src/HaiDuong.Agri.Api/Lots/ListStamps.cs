using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Trace;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Lots;

public sealed record StampPage(int Page, int PageSize, int Total, IReadOnlyList<StampView> Items);

public sealed record ListStamps(Caller Caller, Guid LotId, int? Page, int? PageSize) : IQuery<StampPage>, IValidated
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public void Validate(Validator v)
    {
        v.Range("page", Page, 1, 1_000_000, required: false);
        v.Range("pageSize", PageSize, 1, MaxPageSize, required: false);
    }
}

public sealed class ListStampsHandler(IQuerySession session, PublicLinks links, StampRegister register, ScanCounter scans) : IQueryHandler<ListStamps, StampPage>
{
    public async ValueTask<StampPage> Handle(ListStamps query, CancellationToken cancellationToken)
    {
        var lot = await session.LoadLotForAsync(query.Caller, query.LotId, cancellationToken);
        var page = query.Page ?? 1;
        var size = query.PageSize ?? ListStamps.DefaultPageSize;
        var first = ((page - 1) * size) + 1;
        var last = first + size - 1;
        var stamps = await register.RangeAsync(lot.Id, first, last, cancellationToken);
        var tallies = await scans.TalliesAsync(stamps.Select(s => s.Serial).ToList(), cancellationToken);
        return new StampPage(
            page, size, lot.StampsIssued,
            stamps.Select(s => StampView.Of(s, links.ForUnit(lot.Gtin, lot.LotCode, s.Serial), tallies.GetValueOrDefault(s.Serial, ScanTally.None))).ToList());
    }
}
