using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Compliance;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>Records a market's reinstatement of a code, dated when its authority made it.</summary>
public sealed record ReinstateCodeForMarketCommand(Caller Caller, Guid CodeId, string Market, long? ExpectedVersion, MarketStatusRequest Body)
    : ICommand<Outcome<CodeView>>, IValidated
{
    public void Validate(Validator v) => CodeWriter.Validate(v, Body.On, Body.Reason, reasonRequired: false);
}

public sealed class ReinstateCodeForMarketHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<ReinstateCodeForMarketCommand, Outcome<CodeView>>
{
    public ValueTask<Outcome<CodeView>> Handle(ReinstateCodeForMarketCommand command, CancellationToken cancellationToken) =>
        CodeWriter.DecideAsync(
            unitOfWork, command.Caller, command.CodeId, command.ExpectedVersion, CodeWriter.MarketOf(command.Market), command.Body.On!.Value, command.Body.Reason, clock,
            CodeDecisions.Reinstate, cancellationToken);
}
