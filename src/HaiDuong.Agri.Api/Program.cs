using HaiDuong.Agri.Api;
using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Dashboard;
using HaiDuong.Agri.Api.Demo;
using HaiDuong.Agri.Api.HouseholdApp;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Sessions;
using HaiDuong.Agri.Api.Trace;
using HaiDuong.Agri.LocalPostgres;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using NodaTime;

// `--demo` loads the demo season once the app listens (DemoSeason); the rest of the command line is configuration.
var demo = args.Contains(DemoSeason.Switch);
args = [.. args.Where(a => a != DemoSeason.Switch)];
var builder = WebApplication.CreateBuilder(args);

string connectionString;
EmbeddedDatabase database;
try
{
    (connectionString, database) = await EmbeddedDatabase.ResolveAsync(builder.Configuration);
}
catch (LocalPostgresUnavailableException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

var services = builder.Services;
services.AddSingleton(database);
services.AddHostedService(sp => sp.GetRequiredService<EmbeddedDatabase>());
services.AddSingleton<IClock>(new MicrosecondClock(NodaTime.SystemClock.Instance));
string adminSecret;
try
{
    adminSecret = AdminKeySetup.Resolve(builder.Configuration, database);
    services.AddSingleton(new AdminKey(adminSecret));
    DataProtectionKeys.AddTo(services, KeyEncryptionKeys.Resolve(builder.Configuration, database));
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await database.StopAsync(CancellationToken.None);
    return 1;
}

var marten = services.AddAgriStore(connectionString, AgriModules.All, builder.Configuration.GetValue<TimeSpan?>("Agri:Daemon:LeadershipPollingTime"));
services.AddMediator((MediatorOptions o) =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
services.AddScoped<CommandTransactionFilter>();
services.AddSingleton<DeclaredQueryParameters>();
IdempotencySweeper.AddTo(services, builder.Configuration);
services.ConfigureHttpJsonOptions(o => AgriJson.Configure(o.SerializerOptions));
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.AddExceptionHandler<ProblemExceptionHandler>();
services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemWriter.CustomizeFrameworkProblem);
services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
services.AddAuthorization();
foreach (var module in AgriModules.All)
{
    module.AddServices(services, builder.Configuration, marten);
}

services.AddAgriOpenApi();
builder.AddAgriTelemetry();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BatchesModule.BulkBodyLimit);

var app = builder.Build();

// Behind a reverse proxy on this host, take the client's address from X-Forwarded-For (the trace limiter keys on it).
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
app.UseMetricsPort();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMalformedPathCheck();
app.UseHouseholdApp();
app.UseDashboardCompression();
app.UseTraceCompression();
app.UseAgriOpenApi();
app.UseRouting();
app.UseBodySizeLimits();
app.UseUtf8Bodies();
CommandTransactionFilter.UseIdempotencyKeys(app);
app.UseAuthentication();
app.UseCsrfProtection();
app.UseAuthorization();
app.UseRateLimiter();

// Every module's GET routes refuse query parameters they do not take (QueryParameters).
var routes = app.MapGroup("").RefuseUnknownQueryParameters();
foreach (var module in AgriModules.All)
{
    module.MapEndpoints(routes);
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
    {
        Console.WriteLine($"HaiDuong.Agri is listening on {address} (Swagger UI: {address}/swagger, OpenAPI: {address}/openapi/v1.json)");
    }
});

if (demo)
{
    DemoSeason.LoadWhenStarted(app, adminSecret);
}

await app.RunAsync();
return 0;

public partial class Program;
