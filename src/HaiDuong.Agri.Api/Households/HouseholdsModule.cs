using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Domain.Households;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Households;

public sealed class HouseholdsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<HouseholdRegistered>("household_registered");
        opts.Events.MapEventType<HouseholdTrained>("household_trained");
        opts.Events.MapEventType<HouseholdOnboarded>("household_onboarded");
        opts.Projections.Add(
            new StateProjection<Household, HouseholdRegistered>(
                (e, version) => Household.From(e) with { Version = version },
                (household, e, version) => household.Then(e) with { Version = version }),
            ProjectionLifecycle.Inline);

        // The list route's filters and its newest-first order.
        opts.Schema.For<Household>().Index(h => h.CooperativeId).Index(h => h.CommuneCode).Index(h => h.RegisteredAt);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/households").WithTags("Registry").WithCommandTransaction();

        group.MapPost("/", (RegisterHouseholdRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterHouseholdCommand(http.Caller(), body), http.RequestAborted).Created(h => $"/api/v1/households/{h.Id}"))
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("RegisterHousehold")
            .WithSummary("Register a farming household (a cooperative registers its own members)")
            .ProducesCommandProblems(404);

        group.MapGet("/", async (Guid? cooperativeId, string? communeCode, string? stage, string? from, string? to, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(
                    new ListHouseholds(http.Caller(), cooperativeId, communeCode, stage, from, to, page, pageSize), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListHouseholds")
            .WithQueryRules<ListHouseholds>()
            .WithSummary("Households, newest registered first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative's members, a household itself; filters cooperativeId, communeCode, stage (registered, trained, account-linked, listed, selling), from/to (registration date, yyyy-MM-dd)")
            .ProducesQueryProblems(400);

        group.MapGetById("/{id:guid}", (caller, id) => new GetHousehold(caller, id), h => h.Version)
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("GetHousehold")
            .WithSummary("A household (admin, its cooperative, itself)")
            .ProducesQueryProblems();

        group.MapPost("/{id:guid}/training", (Guid id, RecordTrainingRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecordTrainingCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("RecordTraining")
            .WithSummary("A household member completed a digital-skills course (the first one reaches the trained milestone)")
            .ProducesCommandProblems(404, 412);

        group.MapGetById("/{id:guid}/onboarding", (caller, id) => new GetOnboarding(caller, id), onboarding => onboarding.Version)
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("GetOnboarding")
            .WithSummary("The household's e-commerce stage (registered → trained → account-linked → listed → selling) and each milestone's date")
            .ProducesQueryProblems();
    }
}
