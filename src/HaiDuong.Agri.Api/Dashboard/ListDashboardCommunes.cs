using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Api.Statistics;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>A commune the filter offers: its code and the register's name for it (null where the register has none).</summary>
public sealed record CommuneChoice(string Code, string? Name)
{
    /// <summary>What the filter shows: the name with the code, or the code alone.</summary>
    public string Label => Name is null ? Code : $"{Name} ({Code})";
}

/// <summary>
/// The communes the statistics know (those with any household), with their register names, for the dashboard's commune
/// filter when the page is filtered to one commune (unfiltered, the statistics' own <c>byCommune</c> lists them). No figures.
/// </summary>
public sealed record ListDashboardCommunes : IQuery<IReadOnlyList<CommuneChoice>>;

public sealed class ListDashboardCommunesHandler(IQuerySession session) : IQueryHandler<ListDashboardCommunes, IReadOnlyList<CommuneChoice>>
{
    public async ValueTask<IReadOnlyList<CommuneChoice>> Handle(ListDashboardCommunes query, CancellationToken cancellationToken)
    {
        // One round trip: the communes and the registers (one per province, a handful of documents) in a batched statement.
        var batch = session.CreateBatchQuery();
        var communesRead = batch.Query<CommuneStatistics>().OrderBy(c => c.Id).Select(c => new { c.Id, c.ProvinceCode }).ToList();
        var registersRead = batch.Query<ProvinceRegister>().ToList();
        await batch.Execute(cancellationToken);
        var communes = await communesRead;
        var registers = (await registersRead).ToDictionary(r => r.ProvinceCode, StringComparer.Ordinal);
        return [.. communes.Select(c => new CommuneChoice(c.Id, RegionNames.Of(registers, c.ProvinceCode, c.Id).CommuneName))];
    }
}
