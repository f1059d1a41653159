using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HaiDuong.Agri.Api.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry in the .NET convention: metrics of ASP.NET Core, the marketplace HTTP client, the runtime, Npgsql, Marten
/// (with its async daemon) and the domain (<see cref="AgriMetrics"/>), and traces of the same. With an OTLP endpoint
/// (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other standard variables)
/// everything is exported there; without one, metrics are served for Prometheus at <c>/metrics</c> (admin key), or at
/// <c>/metrics</c> on a port of their own (<c>Agri:Metrics:Port</c>, no key: keep that port on the operators' network),
/// and traces are not collected.
/// Logs are JSON lines on the console outside Development.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "HaiDuong.Agri";

    /// <summary>Whether Prometheus scrapes <c>/metrics</c> (no OTLP endpoint is configured).</summary>
    public static bool Scraped(IConfiguration configuration) => OtlpEndpoint(configuration) is null;

    /// <summary><c>Agri:Metrics:Port</c>: a port of its own for <c>/metrics</c>, served there without a key.</summary>
    public static int? MetricsPort(IConfiguration configuration) => configuration.GetValue<int?>("Agri:Metrics:Port");

    private static string? OtlpEndpoint(IConfiguration configuration) =>
        configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint ? endpoint : null;

    public static void AddAgriTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection("Agri:Operations"))
            .Validate(o => o.SampleInterval > TimeSpan.Zero && o.StallAfter > TimeSpan.Zero, "Agri:Operations: SampleInterval and StallAfter must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OperationsMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsMonitor>());
        services.AddSingleton<AgriMetrics>();

        var otlp = OtlpEndpoint(builder.Configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql", "Marten", AgriMetrics.MeterName);
                if (otlp is null)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp is not null)
        {
            telemetry
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Npgsql", "Marten"))
                .UseOtlpExporter();
        }

        if (otlp is null && MetricsPort(builder.Configuration) is { } port)
        {
            // The API keeps its addresses (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS, else the default) and gains one.
            var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured
                : builder.Configuration["http_ports"] is { Length: > 0 } ports ? string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"))
                : "http://localhost:5000";
            builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries), $"http://*:{port}"]);
        }

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
    }

    /// <summary>
    /// With <c>Agri:Metrics:Port</c>, serves the scrape at <c>/metrics</c> on that port and nothing else there; only what
    /// arrives on the port itself (not a Host header naming it) is answered. Goes first in the pipeline.
    /// </summary>
    public static void UseMetricsPort(this WebApplication app)
    {
        if (!Scraped(app.Configuration) || MetricsPort(app.Configuration) is not { } port)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Connection.LocalPort == port && http.Request.Path == "/metrics");
        app.Use((http, next) =>
        {
            if (http.Connection.LocalPort != port)
            {
                return next(http);
            }

            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
