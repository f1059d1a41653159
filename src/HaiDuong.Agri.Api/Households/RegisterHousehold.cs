using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Households;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Households;

public sealed record RegisterHouseholdRequest(
    string? Name, string? Phone, string? ProvinceCode, string? CommuneCode, string? Address, Guid? CooperativeId, string? FormerDistrict = null);

public sealed record RegisterHouseholdCommand(Caller Caller, RegisterHouseholdRequest Body) : ICommand<Outcome<HouseholdView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("name", Body.Name, required: true, maxLength: 200);
        v.Phone("phone", Body.Phone, required: true);
        v.Digits("provinceCode", Body.ProvinceCode, required: true);
        v.Digits("communeCode", Body.CommuneCode, required: true);
        v.Text("address", Body.Address, required: false, maxLength: 500);
        v.Text("formerDistrict", Body.FormerDistrict, required: false, maxLength: 100);
    }
}

public sealed class RegisterHouseholdHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RegisterHouseholdCommand, Outcome<HouseholdView>>
{
    public async ValueTask<Outcome<HouseholdView>> Handle(RegisterHouseholdCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var cooperativeId = b.CooperativeId;
        if (caller.Role == Role.Cooperative)
        {
            if (cooperativeId is not null && cooperativeId != caller.CooperativeId)
            {
                throw Problems.Forbidden("A cooperative registers households only as its own members.");
            }

            cooperativeId = caller.CooperativeId;
        }

        var session = await unitOfWork.SessionAsync(cancellationToken);
        if (cooperativeId is { } id && await session.LoadAsync<Cooperative>(id, cancellationToken) is null)
        {
            throw Problems.NotFound("cooperative", "cooperativeId");
        }

        var now = clock.GetCurrentInstant();
        var register = await session.EnsureInRegisterAsync(b.ProvinceCode!, b.CommuneCode!, now, "communeCode", cancellationToken);
        var registered = Household.Register(
            new RegisterHousehold(
                Guid.CreateVersion7(), Validator.Clean(b.Name)!, Validator.Clean(b.Phone)!, b.ProvinceCode!, b.CommuneCode!,
                Validator.Clean(b.Address), cooperativeId, Validator.Clean(b.FormerDistrict)),
            now);
        session.Events.StartStream<Household>(registered.HouseholdId, registered);
        return Outcome.Created(HouseholdView.Of(Household.From(registered) with { Version = 1 }, register), 1);
    }
}
