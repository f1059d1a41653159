using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Domain.Certification;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>
/// The province's figures for the IOC and the dashboard (admins and officials, read-only): the per-commune totals as they
/// stand now (<see cref="CommuneStatisticsProjection"/>), a period's months (<see cref="MonthStatisticsProjection"/>),
/// scans per day and the certificates about to expire; each chart also as a CSV download.
/// </summary>
public sealed class StatisticsModule : IAgriModule
{
    private const string Filters = "communeCode; from/to (yyyy-MM-dd, at most 366 days; default: the twelve months up to today)";

    public void ConfigureStore(StoreOptions opts)
    {
        opts.Projections.Add<CommuneStatisticsProjection>(ProjectionLifecycle.Async);
        opts.Projections.Add<MonthStatisticsProjection>(ProjectionLifecycle.Async);

        // Certificates expiring soon are found by their last valid day.
        opts.Schema.For<Certificate>().Index(c => c.ValidUntil);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddSingleton<StatisticsSnapshots>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1/stats").WithTags("Statistics").RequireRoles(Role.Admin, Role.Official);

        stats.MapGet("/", async (string? communeCode, string? from, string? to, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetStatistics(string.IsNullOrEmpty(communeCode) ? null : communeCode, from, to), http.RequestAborted)))
            .WithName("GetStatistics")
            .WithQueryRules<GetStatistics>()
            .WithSummary("E-commerce onboarding and sales figures of the province and per commune as they stand now, and a period's: the funnel, months (households per milestone, orders per marketplace), scans per day, certificates expiring in 60 days; " + Filters + "; kept by async projections, may lag a few seconds")
            .ProducesQueryProblems(400);

        MapCsv(stats, "/communes.csv", StatisticsChart.Communes, "GetCommuneStatisticsCsv", "The per-commune table (now and in the period)");
        MapCsv(stats, "/funnel.csv", StatisticsChart.Funnel, "GetFunnelCsv", "The onboarding funnel: households reaching each milestone in the period, and so far");
        MapCsv(stats, "/transactions.csv", StatisticsChart.Transactions, "GetTransactionsByMonthCsv", "Orders and their value per month and marketplace");
        MapCsv(stats, "/scans.csv", StatisticsChart.Scans, "GetScansByDayCsv", "Stamp scans per day");
        MapCsv(stats, "/certificates.csv", StatisticsChart.Certificates, "GetExpiringCertificatesCsv", "Certificates expiring in the next 60 days (number, scheme, valid until, status, communes)");
    }

    private static void MapCsv(RouteGroupBuilder stats, string pattern, StatisticsChart chart, string name, string summary) =>
        stats.MapGet(pattern, async (string? communeCode, string? from, string? to, string? lang, HttpContext http, IMediator mediator) =>
                CsvDownload.Answer(
                    await mediator.Send(new ExportStatistics(chart, string.IsNullOrEmpty(communeCode) ? null : communeCode, from, to, lang), http.RequestAborted),
                    http))
            .WithName(name)
            .WithQueryRules<ExportStatistics>()
            .WithSummary($"{summary} as CSV (UTF-8, headers in Vietnamese or ?lang=en English, an attachment with its file name); {Filters}")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesQueryProblems(400);
}
