using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.Lots;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Mediator;

namespace HaiDuong.Agri.Api.Lots;

public sealed class LotsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<LotPacked>("lot_packed");
        opts.Events.MapEventType<BatchPacked>("batch_packed");
        opts.Events.MapEventType<StampsIssued>("stamps_issued");
        opts.Events.MapEventType<StampVoided>("stamp_voided");
        opts.Events.MapEventType<LotRecalled>("lot_recalled");
        opts.Projections.Add(
            new StateProjection<Lot, LotPacked>((e, _) => Lot.From(e), (lot, e, _) => lot.Then(e)),
            ProjectionLifecycle.Live);
        opts.Projections.Add<LotDetailsProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<LotDetails>().UniqueIndex(UniqueIndexType.Computed, "lot_gtin_code", l => l.Gtin, l => l.LotCode)
            .Index(l => l.HouseholdId).Index(l => l.CooperativeId).Index(l => l.PackedOn)
            .Index(l => l.BatchId).Index(l => l.GrowingAreaId); // with the two above: the trace versions' bump finds a stream's lots by index
        StampRegister.ConfigureStore(opts);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<LabelPrinter>();
        services.AddSingleton<StampRegister>();
        services.AddHostedService<StampDocumentsAdoption>();
    }

    public ProblemException? ConstraintProblem(string constraintName) => constraintName.Contains("lot_gtin_code", StringComparison.Ordinal)
        ? Problems.Conflict(PackLotCommand.LotCodeTakenCode, "The lot code is already used", "Another lot of this GTIN took the code at the same moment.")
        : null;

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var lots = app.MapGroup("/api/v1/lots")
            .WithTags("Lots and stamps")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithCommandTransaction();

        lots.MapPost("/", (PackLotRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new PackLotCommand(http.Caller(), body), http.RequestAborted).Created(lot => $"/api/v1/lots/{lot.Id}"))
            .WithName("PackLot")
            .WithSummary("Pack part of a harvested batch into a lot (GTIN checked; lot code generated when absent)")
            .ProducesCommandProblems(404)
            .Refuses(LotErrors.BatchNotHarvestedCode, LotErrors.PackedBeforeHarvestCode, LotErrors.PackedExceedsHarvestCode, PackLotCommand.LotCodeTakenCode,
                CodeErrors.ExportCodeMissingCode, MarketRuleDecisions.MarketRulesBrokenCode, CodeBorrowing.YieldExceededCode);

        lots.MapGet("/", async (
                    Guid? cooperativeId, Guid? householdId, string? communeCode, string? status, string? from, string? to, int? page, int? pageSize,
                    HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(
                    new ListLots(http.Caller(), cooperativeId, householdId, communeCode, status, from, to, page, pageSize), http.RequestAborted)))
            .WithName("ListLots")
            .WithQueryRules<ListLots>()
            .WithSummary("Lots, newest packed first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative's members', a household's own; filters cooperativeId, householdId, communeCode (the household's), status (active, recalled), from/to (packing date, yyyy-MM-dd)")
            .ProducesQueryProblems(400);

        lots.MapGetById("/{id:guid}", (caller, id) => new GetLot(caller, id), lot => lot.Version, revalidate: false)
            .WithName("GetLot")
            .WithSummary("A lot: GTIN, lot code, units, stamps issued and voided, its Digital Link and certification claims")
            .ProducesQueryProblems();

        lots.MapPost("/{id:guid}/stamps", (Guid id, IssueStampsRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new IssueStampsCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted)
                    .Created(issued => $"/api/v1/lots/{issued.LotId}/stamps"))
            .WithName("IssueStamps")
            .WithSummary("Issue up to 10,000 serialized stamps (never more live stamps than units); the first 1,000 are listed")
            .ProducesCommandProblems(404, 412)
            .Refuses(LotErrors.StampsExceedUnitsCode);

        lots.MapGet("/{id:guid}/stamps", async (Guid id, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListStamps(http.Caller(), id, page, pageSize), http.RequestAborted)))
            .WithName("ListStamps")
            .WithQueryRules<ListStamps>()
            .WithSummary("A lot's stamps in issue order, a page at a time (pageSize ≤ 1000), with scan counts")
            .ProducesQueryProblems(400);

        lots.MapPost("/{id:guid}/recall", (Guid id, RecallLotRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecallLotCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("RecallLot")
            .WithSummary("Recall the lot: its trace pages warn, its listings come off every marketplace, it cannot be listed again; answers the trace-forward report (idempotent)")
            .ProducesCommandProblems(404, 412);

        lots.MapGet("/{id:guid}/labels.pdf", async (Guid id, string? template, string? serials, HttpContext http, LabelPrinter printer) =>
                await printer.PrintAsync(http.Caller(), id, template, serials, http.RequestAborted))
            .WithName("PrintLabels")
            .WithSummary("A printable label sheet (template a4-3x8 or thermal-50x30; serials all or unprinted, which marks them printed)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesQueryProblems(400)
            .Refuses(LabelPrinter.NoStampsCode);

        var stamps = app.MapGroup("/api/v1/stamps")
            .WithTags("Lots and stamps")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithCommandTransaction();

        stamps.MapPost("/{serial}/void", (string serial, VoidStampRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new VoidStampCommand(http.Caller(), serial, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithName("VoidStamp")
            .WithSummary("Void a stamp with a reason: its code no longer looks genuine, and its unit may be stamped again")
            .ProducesCommandProblems(404, 412)
            .Refuses(LotErrors.StampAlreadyVoidedCode);

        stamps.MapGet("/{serial}/qr.png", (string serial, int? size, HttpContext http, IMediator mediator) =>
                QrAsync(http, mediator, new GetStampQr(http.Caller(), serial, QrFormat.Png, size)))
            .WithName("GetStampQrPng")
            .WithQueryRules<GetStampQr>()
            .WithSummary("The stamp's QR code (its GS1 Digital Link) as PNG; size in pixels (64–2048, default 300)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(400);

        stamps.MapGet("/{serial}/qr.svg", (string serial, int? size, HttpContext http, IMediator mediator) =>
                QrAsync(http, mediator, new GetStampQr(http.Caller(), serial, QrFormat.Svg, size)))
            .WithName("GetStampQrSvg")
            .WithQueryRules<GetStampQr>()
            .WithSummary("The stamp's QR code as SVG; size in pixels (64–2048, default 300)")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesQueryProblems(400);
    }

    private static async Task<IResult> QrAsync(HttpContext http, IMediator mediator, GetStampQr query)
    {
        var image = await mediator.Send(query, http.RequestAborted);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        http.Response.Headers.ETag = image.ETag;
        return Versions.IfNoneMatch(http.Request, image.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.File(image.Content, image.ContentType);
    }
}
