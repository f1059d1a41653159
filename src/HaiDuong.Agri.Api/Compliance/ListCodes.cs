using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

public sealed record CodeList(IReadOnlyList<CodeView> Items);

/// <summary>The codes a growing area (growing-area codes) or a cooperative (packing-house codes) holds.</summary>
public sealed record ListCodes(Caller Caller, CodeKind Kind, Guid HolderId) : IQuery<CodeList>;

public sealed class ListCodesHandler(IQuerySession session, IClock clock) : IQueryHandler<ListCodes, CodeList>
{
    public async ValueTask<CodeList> Handle(ListCodes query, CancellationToken cancellationToken)
    {
        var (caller, kind, holderId) = query;
        var visible = kind == CodeKind.GrowingArea
            ? await session.LoadAsync<GrowingArea>(holderId, cancellationToken) is { } area
                && (caller.Role is Role.Admin or Role.Auditor || caller.ActsFor(area.HouseholdId, area.CooperativeId))
            : await session.LoadAsync<Cooperative>(holderId, cancellationToken) is { } cooperative
                && (caller.Role is Role.Admin or Role.Auditor || caller.CooperativeId == cooperative.Id);
        if (!visible)
        {
            throw Problems.NotFound(kind == CodeKind.GrowingArea ? "growing area" : "cooperative");
        }

        var now = clock.GetCurrentInstant();
        var codes = await session.Query<ComplianceCode>().Where(c => c.HolderId == holderId && c.Kind == kind).ToListAsync(cancellationToken);
        return new CodeList(codes.OrderBy(c => c.RegisteredAt).Select(c => CodeView.Of(c, now)).ToList());
    }
}
