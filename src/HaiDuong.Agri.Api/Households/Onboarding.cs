using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Households;

public sealed record RecordTrainingRequest(string? Course, LocalDate? CompletedOn);

public sealed record RecordTrainingCommand(Caller Caller, Guid HouseholdId, long? ExpectedVersion, RecordTrainingRequest Body)
    : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("course", Body.Course, required: true, maxLength: 200);
        v.FieldDate("completedOn", Body.CompletedOn);
    }
}

/// <summary>When each milestone was reached (null: not yet), and the furthest one.</summary>
public sealed record OnboardingView(
    Guid HouseholdId,
    string ProvinceCode,
    string CommuneCode,
    Milestone Stage,
    LocalDate Registered,
    LocalDate? Trained,
    LocalDate? AccountLinked,
    LocalDate? Listed,
    LocalDate? Selling,
    long Version)
{
    public static OnboardingView Of(Household h) => new(
        h.Id, h.ProvinceCode, h.CommuneCode, h.Onboarding.Stage, h.Onboarding.Registered, h.Onboarding.Trained, h.Onboarding.AccountLinked,
        h.Onboarding.Listed, h.Onboarding.Selling, h.Version);
}

public sealed record GetOnboarding(Caller Caller, Guid HouseholdId) : IQuery<OnboardingView>;

public sealed class OnboardingHandlers(UnitOfWork unitOfWork, IQuerySession query, IClock clock)
    : ICommandHandler<RecordTrainingCommand, CommandAnswer>, IQueryHandler<GetOnboarding, OnboardingView>
{
    public async ValueTask<CommandAnswer> Handle(RecordTrainingCommand command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var stream = await session.FetchOwnedAsync<Household>(
            command.HouseholdId, command.ExpectedVersion, h => command.Caller.ActsFor(h.Id, h.CooperativeId), "household", cancellationToken);
        stream.AppendMany(OnboardingDecisions.Train(
            stream.Aggregate!, Validator.Clean(command.Body.Course)!, command.Body.CompletedOn!.Value, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        var household = (await session.LoadAsync<Household>(command.HouseholdId, cancellationToken))!;
        return CommandAnswer.Ok(OnboardingView.Of(household), household.Version);
    }

    public async ValueTask<OnboardingView> Handle(GetOnboarding request, CancellationToken cancellationToken)
    {
        var household = await query.LoadAsync<Household>(request.HouseholdId, cancellationToken);
        return household is not null && request.Caller.ActsFor(household.Id, household.CooperativeId)
            ? OnboardingView.Of(household)
            : throw Problems.NotFound("household");
    }
}

public static class OnboardingMilestones
{
    /// <summary>
    /// Records on the household's stream that it reached <paramref name="milestone"/> (the first time only), in the
    /// command's transaction — a listing, a sale or a linked shop moves the household's stage at once.
    /// </summary>
    public static async Task ReachAsync(this IDocumentSession session, Guid householdId, Milestone milestone, LocalDate on, Instant now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Household>(householdId, ct);
        if (stream.Aggregate is { } household)
        {
            stream.AppendMany(OnboardingDecisions.Reach(household, milestone, on, now));
        }
    }
}
