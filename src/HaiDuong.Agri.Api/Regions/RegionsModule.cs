using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Domain.Regions;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>
/// The administrative-units register: per province, the official commune-level codes with their names (one event stream
/// per province, so every change an admin makes is kept with when it was made). Loaded at start from the shipped data
/// files; read by anyone with a key; edited by admins. Other modules check communes against it and show its names.
/// </summary>
public sealed class RegionsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<ProvinceRegisterLoaded>("province_register_loaded");
        opts.Events.MapEventType<CommuneAdded>("commune_added");
        opts.Events.MapEventType<CommuneRenamed>("commune_renamed");
        opts.Events.MapEventType<CommuneRetired>("commune_retired");
        opts.Projections.Add(
            new StateProjection<ProvinceRegister, ProvinceRegisterLoaded>(
                (e, version) => ProvinceRegister.From(e) with { Version = version },
                (register, e, version) => register.Then(e) with { Version = version }),
            ProjectionLifecycle.Inline);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.Configure<RegionOptions>(configuration.GetSection("Agri:Regions"));
        services.AddHostedService<ShippedRegisterLoader>();
        services.AddSingleton<RegisterCache>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("/api/v1/regions").WithTags("Regions").WithCommandTransaction();

        regions.MapPost("/", (LoadRegisterRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new LoadRegisterCommand(body), http.RequestAborted).Created(r => $"/api/v1/regions/{r.ProvinceCode}"))
            .RequireRoles(Role.Admin)
            .WithName("LoadRegister")
            .WithSummary("Load the register of a province that has none: its commune-level units (code, name, kind) and their source")
            .ProducesCommandProblems()
            .Refuses(ProvinceRegisterErrors.RegisterExistsCode, ProvinceRegisterErrors.DuplicateCommuneCode);

        regions.MapGet("/{provinceCode}", async (string provinceCode, HttpContext http, IMediator mediator) =>
            {
                var register = await mediator.Send(new GetRegion(provinceCode), http.RequestAborted);
                return QueryAnswer.Revalidated(http, RegionView.Of(register), register.Version);
            })
            .RequireAnyRole()
            .WithName("GetRegion")
            .WithSummary("A province's register: name, source, how many units; 404 when the province has none (its codes are taken as given)")
            .ProducesQueryProblems();

        regions.MapGet("/{provinceCode}/communes", async (string provinceCode, bool? includeRetired, HttpContext http, IMediator mediator) =>
            {
                var list = await mediator.Send(new ListCommunes(provinceCode, includeRetired ?? false), http.RequestAborted);
                return QueryAnswer.Revalidated(http, list, list.Version);
            })
            .RequireAnyRole()
            .WithName("ListCommunes")
            .WithSummary("A province's communes, wards and special zones (code, name, kind); retired ones with ?includeRetired=true")
            .ProducesQueryProblems(400);

        regions.MapPost("/{provinceCode}/communes", (string provinceCode, CommuneRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new AddCommuneCommand(provinceCode, Versions.ExpectedVersion(http.Request), body), http.RequestAborted)
                    .Created(c => $"/api/v1/regions/{c.ProvinceCode}/communes/{c.Code}"))
            .RequireRoles(Role.Admin)
            .WithName("AddCommune")
            .WithSummary("Add a commune-level unit to a province's register (a code not yet in it)")
            .ProducesCommandProblems(404, 412)
            .Refuses(ProvinceRegisterErrors.CommuneCodeTakenCode);

        regions.MapGet("/{provinceCode}/communes/{communeCode}", async (string provinceCode, string communeCode, HttpContext http, IMediator mediator) =>
            {
                var commune = await mediator.Send(new GetCommune(provinceCode, communeCode), http.RequestAborted);
                return QueryAnswer.Revalidated(http, commune, commune.Version);
            })
            .RequireAnyRole()
            .WithName("GetCommune")
            .WithSummary("One commune of a province's register")
            .ProducesQueryProblems();

        regions.MapPost("/{provinceCode}/communes/{communeCode}/name", (string provinceCode, string communeCode, CommuneNameRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RenameCommuneCommand(provinceCode, communeCode, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin)
            .WithName("RenameCommune")
            .WithSummary("Rename a commune: the trace page, the statistics (JSON and CSV), the FSMA 204 sheet and the household view show the new name from then on")
            .ProducesCommandProblems(404, 412)
            .Refuses(ProvinceRegisterErrors.CommuneNotInRegisterCode);

        regions.MapPost("/{provinceCode}/communes/{communeCode}/retirement", (string provinceCode, string communeCode, RetirementRequest? body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RetireCommuneCommand(provinceCode, communeCode, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin)
            .WithName("RetireCommune")
            .WithSummary("Retire a commune from a date (today by default): no new registrations name it; earlier ones keep its code and name")
            .ProducesCommandProblems(404, 412)
            .Refuses(ProvinceRegisterErrors.CommuneNotInRegisterCode, ProvinceRegisterErrors.CommuneAlreadyRetiredCode);
    }
}
