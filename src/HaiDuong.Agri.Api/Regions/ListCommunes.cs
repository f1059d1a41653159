using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>A province's communes; retired ones only when asked for.</summary>
public sealed record ListCommunes(string ProvinceCode, bool IncludeRetired) : IQuery<CommuneList>;

public sealed class ListCommunesHandler(IQuerySession session) : IQueryHandler<ListCommunes, CommuneList>
{
    public async ValueTask<CommuneList> Handle(ListCommunes query, CancellationToken cancellationToken)
    {
        var register = await session.LoadRegisterAsync(query.ProvinceCode, cancellationToken);
        return new CommuneList(
            register.ProvinceCode,
            register.Name,
            [.. register.Communes.Where(c => query.IncludeRetired || c.RetiredOn is null).Select(CommuneListItem.Of)],
            register.Version);
    }
}

/// <summary>One commune of a province's register.</summary>
public sealed record GetCommune(string ProvinceCode, string CommuneCode) : IQuery<CommuneView>;

public sealed class GetCommuneHandler(IQuerySession session) : IQueryHandler<GetCommune, CommuneView>
{
    public async ValueTask<CommuneView> Handle(GetCommune query, CancellationToken cancellationToken)
    {
        var register = await session.LoadRegisterAsync(query.ProvinceCode, cancellationToken);
        return register.Find(query.CommuneCode) is { } commune ? CommuneView.Of(register, commune) : throw Problems.NotFound("commune");
    }
}
