using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Statistics;

public sealed class StatisticsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts) =>
        opts.Projections.Add<CommuneStatisticsProjection>(ProjectionLifecycle.Async);

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1/stats").WithTags("Statistics").RequireRoles(Role.Admin);

        stats.MapGet("/", async (string? communeCode, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetStatistics(string.IsNullOrEmpty(communeCode) ? null : communeCode), http.RequestAborted)))
            .WithName("GetStatistics")
            .WithQueryRules<GetStatistics>()
            .WithSummary("E-commerce onboarding and sales figures of the province and per commune (?communeCode= for one); kept by an async projection, may lag a few seconds")
            .ProducesQueryProblems(400);

        stats.MapGet("/communes.csv", async (HttpContext http, IMediator mediator) =>
                Results.Bytes(
                    [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(CommuneStatisticsCsv.Write(await mediator.Send(new GetStatistics(null), http.RequestAborted)))],
                    "text/csv; charset=utf-8"))
            .WithName("GetCommuneStatisticsCsv")
            .WithSummary("The per-commune table as CSV (UTF-8 with a byte order mark, header row, one commune a row, names beside codes) for the IOC's spreadsheets")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesQueryProblems();
    }
}
