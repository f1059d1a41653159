using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HaiDuong.Agri.Api.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry in the .NET convention: metrics of ASP.NET Core, the marketplace HTTP client, the runtime, Npgsql, Marten
/// (with its async daemon) and the domain (<see cref="AgriMetrics"/>), and traces of the same. With an OTLP endpoint
/// (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other standard variables)
/// everything is exported there; without one, metrics are served for Prometheus at <c>/metrics</c> (admin key) and traces are not collected.
/// Logs are JSON lines on the console outside Development.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "HaiDuong.Agri";

    public static bool ExportsOtlp(IConfiguration configuration) => OtlpEndpoint(configuration) is not null;

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
}
