using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Batches;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

public sealed record CloseBatchRequest(string? Reason);

public sealed record CloseBatchCommand(Caller Caller, Guid BatchId, long? ExpectedVersion, CloseBatchRequest Body)
    : ICommand<Outcome<BatchDetails>>, IValidated
{
    public void Validate(Validator v) => v.Text("reason", Body.Reason, required: false, maxLength: 500);
}

public sealed class CloseBatchHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<CloseBatchCommand, Outcome<BatchDetails>>
{
    public async ValueTask<Outcome<BatchDetails>> Handle(CloseBatchCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await BatchWriter.FetchAsync(session, command.Caller, command.BatchId, command.ExpectedVersion, cancellationToken);
        var decision = BatchDecisions.Close(stream.Aggregate!, new CloseBatch(Validator.Clean(command.Body.Reason)), clock.GetCurrentInstant());
        return await BatchWriter.DecidedAsync(session, stream, decision, cancellationToken);
    }
}
