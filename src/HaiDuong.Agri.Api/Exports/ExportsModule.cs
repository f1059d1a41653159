using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using Mediator;

namespace HaiDuong.Agri.Api.Exports;

/// <summary>Interoperability exports: a lot's history as GS1 EPCIS 2.0, and the FDA FSMA 204 spreadsheet of a date range.</summary>
public sealed class ExportsModule : IAgriModule
{
    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lots/{id:guid}/epcis", async (Guid id, HttpContext http, IMediator mediator) =>
            {
                var document = await mediator.Send(new GetLotEpcis(http.Caller(), id), http.RequestAborted);
                return Results.Text(EpcisDocument.Write(document), EpcisDocument.MediaType, Encoding.UTF8);
            })
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithTags("Exports")
            .WithName("GetLotEpcis")
            .WithSummary("The lot's whole history — planting, inputs, activities, inspections, harvest, packing, stamps, listings, orders, recall — as one GS1 EPCIS 2.0 JSON-LD document")
            .Produces(StatusCodes.Status200OK, contentType: EpcisDocument.MediaType)
            .ProducesContent(StatusCodes.Status200OK, EpcisDocument.MediaType, EpcisDocument.SchemaName, EpcisDocument.Schema)
            .ProducesQueryProblems();

        app.MapGet("/api/v1/exports/fsma204.csv", async (string? from, string? to, HttpContext http, IMediator mediator) =>
            {
                var file = await mediator.Send(new GetFsma204(http.Caller(), from, to), http.RequestAborted);
                return Results.File(file.Content, "text/csv; charset=utf-8", file.FileName);
            })
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithTags("Exports")
            .WithName("GetFsma204Csv")
            .WithQueryRules<GetFsma204>()
            .WithSummary("FDA FSMA 204 sortable spreadsheet (CSV): one row per harvesting, initial packing and shipping event dated from..to (yyyy-MM-dd, at most 366 days); a cooperative sees its members' lots")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesQueryProblems(400);
    }
}
