using HaiDuong.Agri.Api.Infrastructure.Validation;
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
