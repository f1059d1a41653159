using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Compliance;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

public sealed record MarketRuleOverrideRequest(string? Market, string? Reason);

/// <summary>An auditor lets a batch's lots be packed for a market although its spray records break the market's rules, with the reason recorded.</summary>
public sealed record OverrideMarketRulesCommand(Caller Caller, Guid BatchId, MarketRuleOverrideRequest Body) : ICommand<Outcome<MarketRuleOverride>>, IValidated
{
    public void Validate(Validator v)
    {
        v.OneOf("market", Body.Market is null ? null : Markets.Parse(Body.Market) is { } m ? Markets.Name(m) : Body.Market, Markets.Names, required: true);
        v.Text("reason", Body.Reason, required: true, maxLength: 1000, multiline: true);
    }
}

public sealed class OverrideMarketRulesHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<OverrideMarketRulesCommand, Outcome<MarketRuleOverride>>
{
    public async ValueTask<Outcome<MarketRuleOverride>> Handle(OverrideMarketRulesCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        // Auditors inspect any farm's records: the batch need only exist.
        if (await session.LoadAsync<BatchDetails>(command.BatchId, cancellationToken) is null)
        {
            throw Problems.NotFound("batch");
        }

        var overridden = new MarketRulesOverridden(
            Guid.CreateVersion7(), command.BatchId, Markets.Parse(command.Body.Market)!.Value, Validator.Clean(command.Body.Reason)!, command.Caller.Recorder(),
            clock.GetCurrentInstant());
        session.Events.StartStream<MarketRuleOverride>(overridden.OverrideId, overridden);
        return Outcome.Created(MarketRuleOverride.From(overridden) with { Version = 1 }, 1);
    }
}
