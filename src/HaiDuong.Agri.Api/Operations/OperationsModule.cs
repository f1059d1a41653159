using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaiDuong.Agri.Api.Operations;

/// <summary>
/// What an operator watches and does. Health: <c>/health/live</c> (the process), <c>/health/database</c> (PostgreSQL
/// answers and the schema is there), <c>/health/daemon</c> (no projection or subscription stalled) and
/// <c>/health/ready</c> (both, as the contract says). The daemon's status and recovery (admin), and the Prometheus scrape
/// endpoint <c>/metrics</c> (admin key; or a port of its own with <c>Agri:Metrics:Port</c>) when no OTLP endpoint is set.
/// </summary>
public sealed class OperationsModule : IAgriModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready", "database"])
            .AddCheck<DaemonHealthCheck>("daemon", tags: ["ready", "daemon"]);

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        foreach (var tag in new[] { "ready", "database", "daemon" })
        {
            app.MapHealthChecks($"/health/{tag}", new HealthCheckOptions { Predicate = c => c.Tags.Contains(tag), ResponseWriter = WriteHealthAsync });
        }

        var admin = app.MapGroup("/api/v1/admin/daemon").WithTags("Operations").RequireRoles(Role.Admin);
        admin.MapGet("/", async (HttpContext http, IMediator mediator) => TypedResults.Ok(await mediator.Send(new GetDaemonStatus(), http.RequestAborted)))
            .WithName("GetDaemonStatus")
            .WithSummary("The async daemon: each projection and subscription with its lag behind the newest event and whether it is stalled, the sync queue and dead letters")
            .ProducesQueryProblems();
        admin.MapPost("/restart", async (HttpContext http, IMediator mediator) => TypedResults.Ok(await mediator.Send(new RestartDaemon(), http.RequestAborted)))
            .WithName("RestartDaemon")
            .WithSummary("Recover from a stall: restart the high-water mark detection when stuck and every stalled or stopped projection and subscription on this instance")
            .ProducesQueryProblems(400)
            .Refuses("daemon-elsewhere");

        // With a metrics port of its own, the scrape is served there (Telemetry.UseMetricsPort), ahead of everything else.
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (Telemetry.Scraped(configuration) && Telemetry.MetricsPort(configuration) is null)
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
