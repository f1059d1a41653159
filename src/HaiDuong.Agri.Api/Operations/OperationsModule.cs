using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaiDuong.Agri.Api.Operations;

/// <summary>
/// What an operator watches and does: the async daemon's health (<c>/health/daemon</c>), its status and recovery (admin),
/// and the Prometheus scrape endpoint <c>/metrics</c> (admin key) when no OTLP endpoint is configured.
/// </summary>
public sealed class OperationsModule : IAgriModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddHealthChecks().AddCheck<DaemonHealthCheck>("daemon", tags: ["daemon"]);

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/daemon", new HealthCheckOptions { Predicate = c => c.Tags.Contains("daemon"), ResponseWriter = WriteHealthAsync });

        var admin = app.MapGroup("/api/v1/admin/daemon").WithTags("Operations").RequireRoles(Role.Admin);
        admin.MapGet("/", async (HttpContext http, IMediator mediator) => TypedResults.Ok(await mediator.Send(new GetDaemonStatus(), http.RequestAborted)))
            .WithName("GetDaemonStatus")
            .WithSummary("The async daemon: each projection and subscription with its lag behind the newest event and whether it is stalled, the sync queue and dead letters")
            .ProducesQueryProblems();
        admin.MapPost("/restart", async (HttpContext http, IMediator mediator) => TypedResults.Ok(await mediator.Send(new RestartDaemon(), http.RequestAborted)))
            .WithName("RestartDaemon")
            .WithSummary("Recover from a stall: restart the high-water mark detection when stuck and every stalled or stopped projection and subscription on this instance")
            .ProducesQueryProblems(409);

        if (!Telemetry.ExportsOtlp(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireRoles(Role.Admin);
        }
    }

    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, AgriJson.Options));
    }
}
