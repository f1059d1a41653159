using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Households;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Households;

public sealed record RecordTrainingRequest(string? Course, LocalDate? CompletedOn);

public sealed record RecordTrainingCommand(Caller Caller, Guid HouseholdId, long? ExpectedVersion, RecordTrainingRequest Body)
    : ICommand<Outcome<OnboardingView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("course", Body.Course, required: true, maxLength: 200);
        v.FieldDate("completedOn", Body.CompletedOn);
    }
}

public sealed class RecordTrainingHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RecordTrainingCommand, Outcome<OnboardingView>>
{
    public async ValueTask<Outcome<OnboardingView>> Handle(RecordTrainingCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await session.FetchOwnedAsync<Household>(
            command.HouseholdId, command.ExpectedVersion, h => command.Caller.ActsFor(h.Id, h.CooperativeId), "household", cancellationToken);
        stream.AppendMany(OnboardingDecisions.Train(
            stream.Aggregate!, Validator.Clean(command.Body.Course)!, command.Body.CompletedOn!.Value, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        var household = (await session.LoadAsync<Household>(command.HouseholdId, cancellationToken))!;
        return Outcome.Changed(OnboardingView.Of(household), household.Version);
    }
}
