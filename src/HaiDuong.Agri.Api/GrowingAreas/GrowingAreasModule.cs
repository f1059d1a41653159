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

        group.MapPost("/", (RegisterGrowingAreaRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterGrowingAreaCommand(http.Caller(), body), http.RequestAborted).Created(a => $"/api/v1/growing-areas/{a.Id}"))
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("RegisterGrowingArea")
            .WithSummary("Register a growing area (vùng trồng) of a household")
            .ProducesCommandProblems(404);

        group.MapGetById("/{id:guid}", (caller, id) => new GetGrowingArea(caller, id), a => a.Version)
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("GetGrowingArea")
            .WithSummary("A growing area (admin, the household's cooperative, the household)")
            .ProducesQueryProblems();

        app.MapGet("/api/v1/households/{id:guid}/growing-areas", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListHouseholdGrowingAreas(http.Caller(), id), http.RequestAborted)))
            .WithTags("Registry")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListHouseholdGrowingAreas")
            .WithSummary("A household's growing areas (admin, its cooperative, itself)")
            .ProducesQueryProblems();
    }
}
