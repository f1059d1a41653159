using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Domain.Certification;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Mediator;

namespace HaiDuong.Agri.Api.Certification;

public sealed class CertificationModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<CertificationBodyRegistered>("certification_body_registered");
        opts.Events.MapEventType<InspectionRecorded>("inspection_recorded");
        opts.Events.MapEventType<InspectionCertified>("inspection_certified");
        opts.Events.MapEventType<CertificateIssued>("certificate_issued");
        opts.Events.MapEventType<CertificateSuspended>("certificate_suspended");
        opts.Events.MapEventType<CertificateReinstated>("certificate_reinstated");
        opts.Projections.Add(
            new StateProjection<CertificationBody, CertificationBodyRegistered>((e, v) => CertificationBody.From(e) with { Version = v }),
            ProjectionLifecycle.Inline);
        opts.Projections.Add(
            new StateProjection<Inspection, InspectionRecorded>(
                (e, v) => Inspection.From(e) with { Version = v }, (inspection, e, v) => inspection.Then(e) with { Version = v }),
            ProjectionLifecycle.Inline);
        opts.Projections.Add(
            new StateProjection<Certificate, CertificateIssued>(
                (e, v) => Certificate.From(e) with { Version = v }, (certificate, e, v) => certificate.Then(e) with { Version = v }),
            ProjectionLifecycle.Inline);
        opts.Schema.For<Certificate>().GinIndexJsonData()
            .UniqueIndex(UniqueIndexType.Computed, "certificate_number", c => c.CertificationBodyId, c => c.CertificateNumber);
    }

    public ProblemException? ConstraintProblem(string constraintName) => constraintName.Contains("certificate_number", StringComparison.Ordinal)
        ? Problems.Conflict(IssueCertificateCommand.NumberTakenCode, "The certificate number is already used", "Another certificate took the number at the same moment.")
        : null;

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var bodies = app.MapGroup("/api/v1/certification-bodies").WithTags("Certification").WithCommandTransaction();
        bodies.MapPost("/", (CertificationBodyRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RegisterCertificationBodyCommand(body), http.RequestAborted).Created(b => $"/api/v1/certification-bodies/{b.Id}"))
            .RequireRoles(Role.Admin)
            .WithName("RegisterCertificationBody")
            .WithSummary("Register a certification body (tổ chức chứng nhận); its auditors get keys scoped to it")
            .ProducesCommandProblems();
        bodies.MapGetById("/{id:guid}", (caller, id) => new GetCertificationBody(caller, id), b => b.Version)
            .RequireRoles(Role.Admin, Role.Auditor)
            .WithName("GetCertificationBody")
            .WithSummary("A certification body (admin, its auditors)")
            .ProducesQueryProblems();

        app.MapGet("/api/v1/certification/schemes/{scheme}/checklist", (string scheme) =>
                Enum.TryParse<Scheme>(scheme, ignoreCase: true, out var parsed) && scheme.All(char.IsAsciiLetter)
                    ? TypedResults.Ok(ChecklistView.Of(Checklists.For(parsed)))
                    : throw Problems.NotFound("scheme (use vietgap or globalgap)"))
            .RequireAnyRole()
            .WithTags("Certification")
            .WithName("GetChecklist")
            .WithSummary("A scheme's checklist: control points with id, section, text and level (major, minor, recommendation)")
            .ProducesQueryProblems();

        var inspections = app.MapGroup("/api/v1/certification/inspections").WithTags("Certification").WithCommandTransaction();
        inspections.MapPost("/", (InspectionRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecordInspectionCommand(http.Caller(), body), http.RequestAborted)
                    .Created(inspection => $"/api/v1/certification/inspections/{inspection.Id}"))
            .RequireRoles(Role.Auditor)
            .WithName("RecordInspection")
            .WithSummary("Record an inspection: every control point answered; the outcome is computed")
            .ProducesCommandProblems(404);
        inspections.MapGetById("/{id:guid}", (caller, id) => new GetInspection(caller, id), inspection => inspection.Version)
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithName("GetInspection")
            .WithSummary("An inspection (admin, the inspecting body's auditors, the inspected areas' households and cooperatives)")
            .ProducesQueryProblems();

        var certificates = app.MapGroup("/api/v1/certificates").WithTags("Certification").WithCommandTransaction();
        certificates.MapPost("/", (CertificateRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new IssueCertificateCommand(http.Caller(), body), http.RequestAborted).Created(c => $"/api/v1/certificates/{c.Id}"))
            .RequireRoles(Role.Auditor)
            .WithName("IssueCertificate")
            .WithSummary("Issue a certificate from a passed inspection of your body (409 otherwise; validity capped per scheme)")
            .ProducesCommandProblems(404)
            .Refuses(
                CertificateErrors.InspectionNotPassedCode, CertificateErrors.InspectionAlreadyCertifiedCode, CertificateErrors.SchemeMismatchCode,
                CertificateErrors.IssuedBeforeInspectionCode, CertificateErrors.ValidityExceedsMaximumCode, IssueCertificateCommand.NumberTakenCode);
        certificates.MapGetById("/{id:guid}", (caller, id) => new GetCertificate(caller, id), c => c.Version, revalidate: false)
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithName("GetCertificate")
            .WithSummary("A certificate with its status today and its suspensions")
            .ProducesQueryProblems();
        certificates.MapPost("/{id:guid}/suspension", (Guid id, SuspensionRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new SuspendCertificateCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Auditor)
            .WithName("SuspendCertificate")
            .WithSummary("Suspend a certificate from a date, with a reason: harvests from that date on lose the claim")
            .ProducesCommandProblems(404, 412)
            .Refuses(CertificateErrors.AlreadySuspendedCode, CertificateErrors.SuspensionOutsideValidityCode);
        certificates.MapPost("/{id:guid}/reinstatement", (Guid id, ReinstatementRequest? body, HttpContext http, IMediator mediator) =>
                mediator.Send(
                    new ReinstateCertificateCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body ?? new ReinstatementRequest(null)),
                    http.RequestAborted).Ok())
            .RequireRoles(Role.Auditor)
            .WithName("ReinstateCertificate")
            .WithSummary("End a certificate's suspension (on a date, today by default)")
            .ProducesCommandProblems(404, 412)
            .Refuses(CertificateErrors.NotSuspendedCode, CertificateErrors.ReinstatementBeforeSuspensionCode);

        app.MapGet("/api/v1/growing-areas/{id:guid}/certificates", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetGrowingAreaCertificates(http.Caller(), id), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Auditor, Role.Cooperative, Role.Household)
            .WithTags("Certification")
            .WithName("GetGrowingAreaCertificates")
            .WithSummary("Every certificate covering a growing area, with its status today (admin, auditors, the area's cooperative and household)")
            .ProducesQueryProblems();
    }
}
