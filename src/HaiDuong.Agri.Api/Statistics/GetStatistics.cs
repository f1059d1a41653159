using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>One commune's figures; the names are those of the province's register (null where it has none or lacks the code).</summary>
public sealed record CommuneFigures(string CommuneCode, string ProvinceCode, HouseholdCounts Households, ProductCounts Products, TransactionCounts Transactions)
{
    public string? CommuneName { get; init; }

    public string? ProvinceName { get; init; }
}

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

        // The names are read now, so a commune an admin renamed shows its new name at once (the figures may lag, the names do not).
        var provinceIds = communes.Select(c => c.ProvinceCode).Where(RegisterLoading.IsCode).Distinct().Select(ProvinceRegister.StreamId).ToArray();
        var registers = provinceIds.Length == 0
            ? new Dictionary<string, ProvinceRegister>()
            : (await session.LoadManyAsync<ProvinceRegister>(cancellationToken, provinceIds)).ToDictionary(r => r.ProvinceCode, StringComparer.Ordinal);
        return new ProvinceStatistics(
            households, products, transactions,
            [.. communes.Select(c =>
            {
                var names = RegionNames.Of(registers, c.ProvinceCode, c.Id);
                return new CommuneFigures(c.Id, c.ProvinceCode, c.Households, c.Products, c.Transactions)
                {
                    CommuneName = names.CommuneName,
                    ProvinceName = names.ProvinceName,
                };
            })]);
    }
}
