using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using Mediator;

namespace HaiDuong.Agri.Api.Statistics;

/// <summary>One chart of the statistics as a CSV download: the same filters as <see cref="GetStatistics"/>, and the headers' language.</summary>
public sealed record ExportStatistics(StatisticsChart Chart, string? CommuneCode, string? From, string? To, string? Lang) : IQuery<CsvFile>, IValidated
{
    public void Validate(Validator v)
    {
        new GetStatistics(CommuneCode, From, To).Validate(v);
        CsvDownload.ValidateLanguage(v, Lang);
    }
}

public sealed class ExportStatisticsHandler(IMediator mediator) : IQueryHandler<ExportStatistics, CsvFile>
{
    public async ValueTask<CsvFile> Handle(ExportStatistics query, CancellationToken cancellationToken)
    {
        var statistics = await mediator.Send(new GetStatistics(query.CommuneCode, query.From, query.To), cancellationToken);
        return StatisticsCsv.Write(query.Chart, statistics, query.CommuneCode, CsvDownload.Language(query.Lang)!.Value);
    }
}
