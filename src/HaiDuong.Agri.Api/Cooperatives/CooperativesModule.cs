using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
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

        group.MapGetById("/{id:guid}", (caller, id) => new GetCooperative(caller, id), c => c.Version)
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("GetCooperative")
            .WithSummary("A cooperative (admin, or the cooperative itself)")
            .ProducesQueryProblems();
    }
}
