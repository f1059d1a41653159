using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Compliance;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>Records a market's suspension of a code, dated when its authority made it.</summary>
public sealed record SuspendCodeForMarketCommand(Caller Caller, Guid CodeId, string Market, long? ExpectedVersion, MarketSuspensionRequest Body)
    : ICommand<Outcome<CodeView>>, IValidated
{
    public void Validate(Validator v) => CodeWriter.Validate(v, Body.On, Body.Reason, reasonRequired: true);
}

public sealed class SuspendCodeForMarketHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<SuspendCodeForMarketCommand, Outcome<CodeView>>
{
    public ValueTask<Outcome<CodeView>> Handle(SuspendCodeForMarketCommand command, CancellationToken cancellationToken) =>
        CodeWriter.DecideAsync(
            unitOfWork, command.Caller, command.CodeId, command.ExpectedVersion, CodeWriter.MarketOf(command.Market), command.Body.On!.Value, command.Body.Reason, clock,
            CodeDecisions.Suspend, cancellationToken);
}
