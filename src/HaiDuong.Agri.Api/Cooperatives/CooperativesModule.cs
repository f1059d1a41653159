using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Domain.Cooperatives;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Cooperatives;

public sealed class CooperativesModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<CooperativeRegistered>("cooperative_registered");
        opts.Projections.Add(
            new StateProjection<Cooperative, CooperativeRegistered>((e, version) => Cooperative.From(e) with { Version = version }),
            ProjectionLifecycle.Inline);
        opts.Schema.For<Cooperative>().Index(c => c.CommuneCode).Index(c => c.RegisteredAt);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cooperatives").WithTags("Registry").WithCommandTransaction();

        group.MapPost("/", (RegisterCooperativeRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterCooperativeCommand(body), http.RequestAborted).Created(c => $"/api/v1/cooperatives/{c.Id}"))
            .RequireRoles(Role.Admin)
            .WithName("RegisterCooperative")
            .WithSummary("Register a cooperative (HTX)")
            .ProducesCommandProblems();

        group.MapGet("/", async (string? communeCode, string? from, string? to, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListCooperatives(http.Caller(), communeCode, from, to, page, pageSize), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("ListCooperatives")
            .WithQueryRules<ListCooperatives>()
            .WithSummary("Cooperatives, newest registered first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative itself; filters communeCode, from/to (registration date, yyyy-MM-dd)")
            .ProducesQueryProblems(400);

        group.MapGetById("/{id:guid}", (caller, id) => new GetCooperative(caller, id), c => c.Version)
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("GetCooperative")
            .WithSummary("A cooperative (admin, or the cooperative itself)")
            .ProducesQueryProblems();
    }
}
