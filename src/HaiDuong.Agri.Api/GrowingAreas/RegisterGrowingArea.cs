using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.GrowingAreas;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.GrowingAreas;

public sealed record RegisterGrowingAreaRequest(
    Guid? HouseholdId,
    string? Name,
    string? Crop,
    decimal? AreaM2,
    string? CommuneCode,
    string? AreaCode,
    double? Latitude,
    double? Longitude);

public sealed record RegisterGrowingAreaCommand(Caller Caller, RegisterGrowingAreaRequest Body) : ICommand<Outcome<GrowingArea>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Required("householdId", Body.HouseholdId);
        v.Text("name", Body.Name, required: true, maxLength: 200);
        v.Text("crop", Body.Crop, required: true, maxLength: 100);
        v.Positive("areaM2", Body.AreaM2, max: 100_000_000m);
        v.Digits("communeCode", Body.CommuneCode, required: true);
        v.Text("areaCode", Body.AreaCode, required: false, maxLength: 50);
        v.Range("latitude", Body.Latitude, -90, 90);
        v.Range("longitude", Body.Longitude, -180, 180);
    }
}

public sealed class RegisterGrowingAreaHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RegisterGrowingAreaCommand, Outcome<GrowingArea>>
{
    public async ValueTask<Outcome<GrowingArea>> Handle(RegisterGrowingAreaCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var household = await session.LoadForAsync(caller, b.HouseholdId!.Value, "householdId", cancellationToken);
        var now = clock.GetCurrentInstant();

        // A growing area lies in its household's province: its commune must be in that province's register, if one is loaded.
        await session.EnsureInRegisterAsync(household.ProvinceCode, b.CommuneCode!, now, "communeCode", cancellationToken);
        var registered = GrowingArea.Register(
            new RegisterGrowingArea(
                Guid.CreateVersion7(), household.Id, household.CooperativeId, Validator.Clean(b.Name)!, Validator.Clean(b.Crop)!,
                b.AreaM2!.Value, b.CommuneCode!, Validator.Clean(b.AreaCode), b.Latitude, b.Longitude),
            now);
        session.Events.StartStream<GrowingArea>(registered.GrowingAreaId, registered);
        return Outcome.Created(GrowingArea.From(registered) with { Version = 1 }, 1);
    }
}
