using System.Globalization;
using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Listings;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Statistics;

public sealed record CommuneFigures(string CommuneCode, string ProvinceCode, HouseholdCounts Households, ProductCounts Products, TransactionCounts Transactions);

/// <summary>The province's figures (or one commune's, when filtered) and the same per commune.</summary>
public sealed record ProvinceStatistics(
    HouseholdCounts Households,
    ProductCounts Products,
    TransactionCounts Transactions,
    IReadOnlyList<CommuneFigures> ByCommune);

public sealed record GetStatistics(string? CommuneCode) : IQuery<ProvinceStatistics>, IValidated
{
    public void Validate(Validator v) => v.Digits("communeCode", CommuneCode, required: false);
}

public sealed class GetStatisticsHandler(IQuerySession session) : IQueryHandler<GetStatistics, ProvinceStatistics>
{
    public async ValueTask<ProvinceStatistics> Handle(GetStatistics query, CancellationToken cancellationToken)
    {
        IReadOnlyList<CommuneStatistics> communes = query.CommuneCode is { } code
            ? [.. await session.LoadManyAsync<CommuneStatistics>(cancellationToken, code)]
            : await session.Query<CommuneStatistics>().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var households = new HouseholdCounts();
        var products = new ProductCounts();
        var transactions = new TransactionCounts();
        foreach (var commune in communes)
        {
            households.Add(commune.Households);
            products.Listed += commune.Products.Listed;
            foreach (var (marketplace, figures) in commune.Transactions.ByMarketplace)
            {
                transactions.Add(marketplace, figures.Count, figures.TotalVnd);
            }
        }

        return new ProvinceStatistics(
            households, products, transactions,
            [.. communes.Select(c => new CommuneFigures(c.Id, c.ProvinceCode, c.Households, c.Products, c.Transactions))]);
    }
}

public sealed class StatisticsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts) =>
        opts.Projections.Add<CommuneStatisticsProjection>(ProjectionLifecycle.Async);

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1/stats").WithTags("Statistics").RequireRoles(Role.Admin);

        stats.MapGet("/", async (string? communeCode, HttpContext http, IMediator mediator) =>
                Results.Ok(await mediator.Send(new GetStatistics(string.IsNullOrEmpty(communeCode) ? null : communeCode), http.RequestAborted)))
            .WithName("GetStatistics")
            .WithSummary("E-commerce onboarding and sales figures of the province and per commune (?communeCode= for one); kept by an async projection, may lag a few seconds")
            .Produces<ProvinceStatistics>()
            .ProducesQueryProblems(400);

        stats.MapGet("/communes.csv", async (HttpContext http, IMediator mediator) =>
                Results.Text(Csv(await mediator.Send(new GetStatistics(null), http.RequestAborted)), "text/csv; charset=utf-8", Encoding.UTF8))
            .WithName("GetCommuneStatisticsCsv")
            .WithSummary("The per-commune table as CSV (UTF-8, header row, one commune a row) for the IOC's spreadsheets")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesQueryProblems();
    }

    private static readonly string[] Marketplaces = [.. Enum.GetValues<Marketplace>().Select(ListingDecisions.Name)];

    /// <summary>One row per commune; numbers only apart from the codes, so a spreadsheet sorts and sums them as they are.</summary>
    private static string Csv(ProvinceStatistics statistics)
    {
        var csv = new StringBuilder();
        csv.Append("communeCode,provinceCode,householdsRegistered,householdsTrained,householdsWithMarketplaceAccount,householdsWithListings,householdsSelling,productsListed,transactionsCount,transactionsTotalVnd");
        foreach (var marketplace in Marketplaces)
        {
            csv.Append(CultureInfo.InvariantCulture, $",{marketplace}TransactionsCount,{marketplace}TransactionsTotalVnd");
        }

        csv.Append("\r\n");
        foreach (var c in statistics.ByCommune)
        {
            var h = c.Households;
            csv.Append(CultureInfo.InvariantCulture, $"{c.CommuneCode},{c.ProvinceCode},{h.Registered},{h.Trained},{h.WithMarketplaceAccount},{h.WithListings},{h.Selling},{c.Products.Listed},{c.Transactions.Count},{c.Transactions.TotalVnd}");
            foreach (var marketplace in Marketplaces)
            {
                var figures = c.Transactions.ByMarketplace.GetValueOrDefault(marketplace);
                csv.Append(CultureInfo.InvariantCulture, $",{figures?.Count ?? 0},{figures?.TotalVnd ?? 0}");
            }

            csv.Append("\r\n");
        }

        return csv.ToString();
    }
}
