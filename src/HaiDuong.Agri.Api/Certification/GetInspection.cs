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
        var visible = inspection is not null && caller.Role switch
        {
            Role.Admin => true,
            Role.Auditor => caller.CertificationBodyId == inspection.CertificationBodyId,
            _ => await session.MayReadAsync(caller, inspection.GrowingAreaIds, cancellationToken),
        };
        return visible ? InspectionView.Of(inspection!) : throw Problems.NotFound("inspection");
    }
}
