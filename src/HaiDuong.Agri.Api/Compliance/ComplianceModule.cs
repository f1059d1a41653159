using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Domain.Compliance;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Mediator;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>Export compliance: growing-area and packing-house codes and their standing per market.</summary>
public sealed class ComplianceModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<ComplianceCodeRegistered>("compliance_code_registered");
        opts.Events.MapEventType<CodeMarketApproved>("code_market_approved");
        opts.Events.MapEventType<CodeMarketSuspended>("code_market_suspended");
        opts.Events.MapEventType<CodeMarketReinstated>("code_market_reinstated");
        opts.Events.MapEventType<LotCodesRecorded>("lot_codes_recorded");
        opts.Events.MapEventType<MarketRulesOverridden>("market_rules_overridden");
        opts.Events.MapEventType<LotPackedUnderOverride>("lot_packed_under_override");
        opts.Events.MapEventType<LotYieldFlagged>("lot_yield_flagged");
        opts.Projections.Add(
            new StateProjection<MarketRuleOverride, MarketRulesOverridden>((e, v) => MarketRuleOverride.From(e) with { Version = v }),
            ProjectionLifecycle.Inline);
        opts.Schema.For<MarketRuleOverride>().Index(o => o.BatchId);
        opts.Projections.Add(
            new StateProjection<ComplianceCode, ComplianceCodeRegistered>(
                (e, v) => ComplianceCode.From(e) with { Version = v }, (code, e, v) => code.Then(e) with { Version = v }),
            ProjectionLifecycle.Inline);
        opts.Schema.For<ComplianceCode>()
            .UniqueIndex(UniqueIndexType.Computed, "compliance_code_key", c => c.Key)
            .Index(c => c.HolderId);
    }

    public ProblemException? ConstraintProblem(string constraintName) => constraintName.Contains("compliance_code_key", StringComparison.Ordinal)
        ? Problems.Conflict(CodeErrors.CodeHeldElsewhereCode, "The code is held by another holder", "Another holder registered the code at the same moment.")
        : null;

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var areas = app.MapGroup("/api/v1/growing-areas").WithTags("Compliance").WithCommandTransaction();
        areas.MapPost("/{id:guid}/codes", (Guid id, CodeRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterCodeCommand(http.Caller(), CodeKind.GrowingArea, id, body), http.RequestAborted)
                    .CreatedOrOk(c => $"/api/v1/codes/{c.Id}"))
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("RegisterGrowingAreaCode")
            .WithSummary("Register a growing-area code (mã số vùng trồng) as issued: 201 with format warnings, 200 when the area holds it already, 409 when another does")
            .ProducesCommandProblems(404)
            .Refuses(CodeErrors.CodeHeldElsewhereCode);
        areas.MapGet("/{id:guid}/codes", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListCodes(http.Caller(), CodeKind.GrowingArea, id), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithName("ListGrowingAreaCodes")
            .WithSummary("A growing area's codes with their standing per market (admin, auditors, the area's cooperative and household)")
            .ProducesQueryProblems();

        areas.MapGet("/{id:guid}/yield-check", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetYieldCheck(http.Caller(), id), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithName("GetYieldCheck")
            .WithSummary("The code-borrowing check of a growing area: per year what it packed against what its hectares plausibly yield, and the lots flagged")
            .ProducesQueryProblems();

        var cooperatives = app.MapGroup("/api/v1/cooperatives").WithTags("Compliance").WithCommandTransaction();
        cooperatives.MapPost("/{id:guid}/codes", (Guid id, CodeRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterCodeCommand(http.Caller(), CodeKind.PackingHouse, id, body), http.RequestAborted)
                    .CreatedOrOk(c => $"/api/v1/codes/{c.Id}"))
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("RegisterPackingHouseCode")
            .WithSummary("Register a packing-house code (mã số cơ sở đóng gói) of a cooperative: 201 with format warnings, 200 when it holds it already, 409 when another does")
            .ProducesCommandProblems(404)
            .Refuses(CodeErrors.CodeHeldElsewhereCode);
        cooperatives.MapGet("/{id:guid}/codes", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListCodes(http.Caller(), CodeKind.PackingHouse, id), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative)
            .WithName("ListPackingHouseCodes")
            .WithSummary("A cooperative's packing-house codes with their standing per market (admin, auditors, the cooperative)")
            .ProducesQueryProblems();

        app.MapGet("/api/v1/markets/{market}/rules", (string market) => TypedResults.Ok(MarketRulesView.Of(MarketRuleBook.For(CodeWriter.MarketOf(market)))))
            .RequireAnyRole()
            .WithTags("Compliance")
            .WithName("GetMarketRules")
            .WithSummary("A market's rules for spray records, as data: minimum days from a spray to harvest, banned active ingredients, required spray record fields")
            .ProducesQueryProblems();

        var batches = app.MapGroup("/api/v1/batches").WithTags("Compliance").WithCommandTransaction();
        batches.MapPost("/{id:guid}/market-rule-overrides", (Guid id, MarketRuleOverrideRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new OverrideMarketRulesCommand(http.Caller(), id, body), http.RequestAborted).Created(o => $"/api/v1/batches/{o.BatchId}"))
            .RequireRoles(Role.Auditor)
            .WithName("OverrideMarketRules")
            .WithSummary("An auditor's override, with its reason: the batch's lots may be packed for the market although its spray records break the market's rules")
            .ProducesCommandProblems(404);

        var codes = app.MapGroup("/api/v1/codes").WithTags("Compliance").WithCommandTransaction();
        codes.MapGetById("/{id:guid}", (caller, id) => new GetCode(caller, id), c => c.Version, revalidate: false)
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithName("GetCode")
            .WithSummary("A code with its standing per market today and every approval, suspension and reinstatement (who and when)")
            .ProducesQueryProblems();
        codes.MapPost("/{id:guid}/markets/{market}/approval", (Guid id, string market, MarketStatusRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new ApproveCodeForMarketCommand(http.Caller(), id, market, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Auditor)
            .WithName("ApproveCodeForMarket")
            .WithSummary("Record a market's approval of a code from a date (market: china, united-states, japan, australia, eu, domestic, or CN, US, JP, AU, EU, VN)")
            .ProducesCommandProblems(404, 412)
            .Refuses(CodeErrors.AlreadyApprovedCode, CodeErrors.AlreadySuspendedCode);
        codes.MapPost("/{id:guid}/markets/{market}/suspension", (Guid id, string market, MarketSuspensionRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new SuspendCodeForMarketCommand(http.Caller(), id, market, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Auditor)
            .WithName("SuspendCodeForMarket")
            .WithSummary("Record a market's suspension of a code from a date, with a reason: lots packed from that date on cannot use it for that market")
            .ProducesCommandProblems(404, 412)
            .Refuses(CodeErrors.NotApprovedCode, CodeErrors.AlreadySuspendedCode, CodeErrors.ChangeBeforeLatestCode);
        codes.MapPost("/{id:guid}/markets/{market}/reinstatement", (Guid id, string market, MarketStatusRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new ReinstateCodeForMarketCommand(http.Caller(), id, market, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Auditor)
            .WithName("ReinstateCodeForMarket")
            .WithSummary("Record a market's reinstatement of a suspended code from a date")
            .ProducesCommandProblems(404, 412)
            .Refuses(CodeErrors.NotSuspendedCode, CodeErrors.ChangeBeforeLatestCode);
    }
}
