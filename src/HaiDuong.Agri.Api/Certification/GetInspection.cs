using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Certification;

public sealed record GetInspection(Caller Caller, Guid Id) : IQuery<InspectionView>;

public sealed class GetInspectionHandler(IQuerySession session) : IQueryHandler<GetInspection, InspectionView>
{
    public async ValueTask<InspectionView> Handle(GetInspection query, CancellationToken cancellationToken)
    {
        var inspection = await session.LoadAsync<Inspection>(query.Id, cancellationToken);
        var caller = query.Caller;
        if (inspection is null || (caller.Role == Role.Auditor && caller.CertificationBodyId != inspection.CertificationBodyId))
        {
            throw Problems.NotFound("inspection");
        }

        // An inspection may cover several farms (a group inspection): a household or cooperative sees it with the growing
        // areas it acts for only; the outcome and answers are the inspection's own and hold for each of them.
        var areas = await session.VisibleAreasAsync(caller, inspection.GrowingAreaIds, cancellationToken);
        return areas is { Count: 0 } ? throw Problems.NotFound("inspection") : InspectionView.Of(inspection, areas);
    }
}
