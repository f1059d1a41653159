using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Cooperatives;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Cooperatives;

public sealed record RegisterCooperativeRequest(string? Name, string? ProvinceCode, string? CommuneCode, string? Address, string? Phone);

public sealed record RegisterCooperativeCommand(RegisterCooperativeRequest Body) : ICommand<Outcome<Cooperative>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("name", Body.Name, required: true, maxLength: 200);
        v.Digits("provinceCode", Body.ProvinceCode, required: true);
        v.Digits("communeCode", Body.CommuneCode, required: true);
        v.Text("address", Body.Address, required: false, maxLength: 500);
        v.Phone("phone", Body.Phone, required: false);
    }
}

public sealed class RegisterCooperativeHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RegisterCooperativeCommand, Outcome<Cooperative>>
{
    public async ValueTask<Outcome<Cooperative>> Handle(RegisterCooperativeCommand command, CancellationToken cancellationToken)
    {
        var b = command.Body;
        var now = clock.GetCurrentInstant();
        var session = await unitOfWork.SessionAsync(cancellationToken);
        await session.EnsureInRegisterAsync(b.ProvinceCode!, b.CommuneCode!, now, "communeCode", cancellationToken);
        var registered = Cooperative.Register(
            new RegisterCooperative(
                Guid.CreateVersion7(), Validator.Clean(b.Name)!, b.ProvinceCode!, b.CommuneCode!, Validator.Clean(b.Address), Validator.Clean(b.Phone)),
            now);
        session.Events.StartStream<Cooperative>(registered.CooperativeId, registered);
        return Outcome.Created(Cooperative.From(registered) with { Version = 1 }, 1);
    }
}
