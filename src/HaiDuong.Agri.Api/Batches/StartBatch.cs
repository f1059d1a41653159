using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.GrowingAreas;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Batches;

public sealed record StartBatchRequest(Guid? GrowingAreaId, string? Crop, string? Variety, string? Season, LocalDate? ExpectedHarvestOn);

public sealed record StartBatchCommand(Caller Caller, StartBatchRequest Body) : ICommand<Outcome<BatchDetails>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Required("growingAreaId", Body.GrowingAreaId);
        v.Text("crop", Body.Crop, required: true, maxLength: 100);
        v.Text("variety", Body.Variety, required: false, maxLength: 100);
        v.Text("season", Body.Season, required: false, maxLength: 50);
    }
}

public sealed class StartBatchHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<StartBatchCommand, Outcome<BatchDetails>>
{
    public async ValueTask<Outcome<BatchDetails>> Handle(StartBatchCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var area = await session.LoadAsync<GrowingArea>(b.GrowingAreaId!.Value, cancellationToken);
        if (area is null || !caller.ActsFor(area.HouseholdId, area.CooperativeId))
        {
            throw Problems.NotFound("growing area", "growingAreaId");
        }

        var household = await session.LoadForAsync(caller, area.HouseholdId, "growingAreaId", cancellationToken);
        var started = BatchDecisions.Start(
            new StartBatch(
                Guid.CreateVersion7(), area.Id, household.Id, household.CooperativeId, Validator.Clean(b.Crop)!,
                Validator.Clean(b.Variety), Validator.Clean(b.Season), b.ExpectedHarvestOn),
            clock.GetCurrentInstant());
        session.Events.StartStream<Batch>(started.BatchId, started);
        var view = await BatchWriter.SaveAndViewAsync(session, started.BatchId, cancellationToken);
        return Outcome.Created(view, view.Version);
    }
}
