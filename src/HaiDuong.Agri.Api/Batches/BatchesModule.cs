using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Domain.Batches;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Batches;

public sealed class BatchesModule : IAgriModule
{
    public const long BulkBodyLimit = 4 * 1024 * 1024;

    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<BatchStarted>("batch_started");
        opts.Events.MapEventType<BatchPlanted>("batch_planted");
        opts.Events.MapEventType<InputApplied>("input_applied");
        opts.Events.MapEventType<ActivityRecorded>("activity_recorded");
        opts.Events.MapEventType<BatchHarvested>("batch_harvested");
        opts.Events.MapEventType<BatchClosed>("batch_closed");
        // The decisions' state, folded live from the stream (batch streams are short; nothing is stored for it).
        opts.Projections.Add(
            new StateProjection<Batch, BatchStarted>((e, _) => Batch.From(e), (batch, e, _) => batch.Then(e)),
            ProjectionLifecycle.Live);
        opts.Projections.Add<BatchDetailsProjection>(ProjectionLifecycle.Inline);
        // The list routes' filters (household, cooperative, status) and their newest-first order.
        opts.Schema.For<BatchDetails>().Index(b => b.HouseholdId).Index(b => b.CooperativeId).Index(b => b.StartedAt);
        opts.Projections.Add<BatchTimelineProjection>(ProjectionLifecycle.Inline);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddOptions<BatchOptions>().Bind(configuration.GetSection("Agri:Batches"))
            .Validate(o => o.MaxSteps >= 1, "Agri:Batches:MaxSteps must be 1 or more.")
            .ValidateOnStart();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/batches")
            .WithTags("Batches")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithCommandTransaction();

        group.MapPost("/", (StartBatchRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new StartBatchCommand(http.Caller(), body), http.RequestAborted).Created(batch => $"/api/v1/batches/{batch.Id}"))
            .WithName("StartBatch")
            .WithSummary("Start a batch on a growing area (starts its event stream)")
            .ProducesCommandProblems(404);

        group.MapGet("/", async (
                    Guid? cooperativeId, Guid? householdId, string? communeCode, string? status, string? from, string? to, int? page, int? pageSize,
                    bool? readyToPack, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(
                    new ListBatches(http.Caller(), cooperativeId, householdId, communeCode, status, from, to, page, pageSize, readyToPack), http.RequestAborted)))
            .WithName("ListBatches")
            .WithQueryRules<ListBatches>()
            .WithSummary("Batches, newest started first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative's members', a household's own; filters cooperativeId, householdId, communeCode (the household's), status (started, planted, harvesting, closed), from/to (start date, yyyy-MM-dd), readyToPack (true: harvesting with harvested kilograms not all packed; false: the others)")
            .ProducesQueryProblems(400);

        MapStep<PlantingRequest>(group, "planting", "PlantBatch", "Record the planting")
            .Refuses(BatchErrors.ClosedCode, BatchErrors.StepLimitCode, BatchErrors.AlreadyPlantedCode);
        MapStep<InputRequest>(group, "inputs", "RecordInputApplication", "Record a fertiliser, pesticide or other input (pesticides need preHarvestIntervalDays)")
            .Refuses(BatchErrors.ClosedCode, BatchErrors.StepLimitCode, BatchErrors.NotPlantedCode, BatchErrors.BeforePlantingCode, BatchErrors.PreHarvestIntervalCode);
        MapStep<ActivityRequest>(group, "activities", "RecordActivity", "Record an activity (irrigation, pruning, weeding, observation)")
            .Refuses(BatchErrors.ClosedCode, BatchErrors.StepLimitCode, BatchErrors.NotPlantedCode, BatchErrors.BeforePlantingCode);
        MapStep<HarvestRequest>(group, "harvests", "HarvestBatch", "Record a harvest (409 pre-harvest-interval when too early)")
            .Refuses(BatchErrors.ClosedCode, BatchErrors.StepLimitCode, BatchErrors.NotPlantedCode, BatchErrors.BeforePlantingCode, BatchErrors.PreHarvestIntervalCode);

        group.MapPost("/{id:guid}/steps:bulk", (Guid id, BulkStepsRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecordStepsInBulk(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithBodySizeLimit(BulkBodyLimit)
            .WithName("RecordStepsInBulk")
            .WithSummary("Offline sync: record many steps in order; each clientStepId is applied once; answers per-step results")
            .ProducesCommandProblems(404, 412);

        group.MapPost("/{id:guid}/close", (Guid id, CloseBatchRequest? body, HttpContext http, IMediator mediator) =>
                mediator.Send(
                    new CloseBatchCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body ?? new CloseBatchRequest(null)),
                    http.RequestAborted).Ok())
            .WithName("CloseBatch")
            .WithSummary("Close the batch (the body and its reason are optional): nothing more can be recorded on it")
            .ProducesCommandProblems(404, 412)
            .Refuses(BatchErrors.ClosedCode);

        group.MapGetById("/{id:guid}", (caller, id) => new GetBatch(caller, id), batch => batch.Version, revalidate: false)
            .WithName("GetBatch")
            .WithSummary("A batch's details: state, quantities, certification claims, version")
            .ProducesQueryProblems();

        group.MapGetById("/{id:guid}/timeline", (caller, id) => new GetBatchTimeline(caller, id), timeline => timeline.Version)
            .WithName("GetBatchTimeline")
            .WithSummary("Every step in field order (occurredAt), each with its recordedAt")
            .ProducesQueryProblems();

        app.MapGet("/api/v1/households/{id:guid}/batches", async (Guid id, int? page, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListHouseholdBatches(http.Caller(), id, page ?? 1), http.RequestAborted)))
            .WithTags("Batches")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListHouseholdBatches")
            .WithSummary("A household's batches, newest first (50 a page), each with harvestAllowedFrom while a pre-harvest interval runs")
            .ProducesQueryProblems(400);

        app.MapGet("/api/v1/inputs", async (string? kind, string? crop, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListInputs(kind, crop), http.RequestAborted)))
            .WithTags("Batches")
            .RequireAnyRole()
            .WithName("ListInputs")
            .WithSummary("The inputs catalogue: products with their active ingredient and pre-harvest interval (kind: fertilizer, pesticide, other; crop)")
            .ProducesProblemTypes(StatusCodes.Status400BadRequest, Problems.MalformedCode, QueryParameters.ProblemCode)
            .ProducesProblemTypes(StatusCodes.Status401Unauthorized, Problems.UnauthorizedCode)
            .ProducesProblemTypes(StatusCodes.Status403Forbidden, Problems.ForbiddenCode);
    }

    private static RouteHandlerBuilder MapStep<TRequest>(RouteGroupBuilder group, string route, string name, string summary)
        where TRequest : IStepRequest =>
        group.MapPost($"/{{id:guid}}/{route}", (Guid id, TRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecordBatchStep(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithName(name)
            .WithSummary(summary)
            .ProducesCommandProblems(404, 412);
}

