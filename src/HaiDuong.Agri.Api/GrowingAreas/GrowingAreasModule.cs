using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Domain.GrowingAreas;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.GrowingAreas;

public sealed class GrowingAreasModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<GrowingAreaRegistered>("growing_area_registered");
        opts.Projections.Add(
            new StateProjection<GrowingArea, GrowingAreaRegistered>((e, version) => GrowingArea.From(e) with { Version = version }),
            ProjectionLifecycle.Inline);
        opts.Schema.For<GrowingArea>().Index(a => a.HouseholdId);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/growing-areas").WithTags("Registry").WithCommandTransaction();

        group.MapPost("/", async (RegisterGrowingAreaRequest body, HttpContext http, IMediator mediator) =>
                await mediator.Send(new RegisterGrowingAreaCommand(http.Caller(), body), http.RequestAborted))
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("RegisterGrowingArea")
            .WithSummary("Register a growing area (vùng trồng) of a household")
            .Produces<GrowingArea>(StatusCodes.Status201Created)
            .ProducesCommandProblems(404);

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator) =>
            {
                var area = await mediator.Send(new GetGrowingArea(http.Caller(), id), http.RequestAborted);
                return QueryAnswer.Ok(http, area, area.Version);
            })
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("GetGrowingArea")
            .WithSummary("A growing area (admin, the household's cooperative, the household)")
            .Produces<GrowingArea>()
            .ProducesQueryProblems();

        app.MapGet("/api/v1/households/{id:guid}/growing-areas", async (Guid id, HttpContext http, IMediator mediator) =>
                Results.Ok(await mediator.Send(new ListHouseholdGrowingAreas(http.Caller(), id), http.RequestAborted)))
            .WithTags("Registry")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListHouseholdGrowingAreas")
            .WithSummary("A household's growing areas (admin, its cooperative, itself)")
            .Produces<GrowingAreaList>()
            .ProducesQueryProblems();
    }
}
