using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Regions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

public sealed record AddCommuneCommand(string ProvinceCode, long? ExpectedVersion, CommuneRequest Body) : ICommand<Outcome<CommuneView>>, IValidated
{
    public void Validate(Validator v) => Body.Validate(v);
}

/// <summary>An admin adds a unit to a province's register (a new code; a retired unit's code is never given again).</summary>
public sealed class AddCommuneHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<AddCommuneCommand, Outcome<CommuneView>>
{
    public ValueTask<Outcome<CommuneView>> Handle(AddCommuneCommand command, CancellationToken cancellationToken)
    {
        var b = command.Body;
        var add = new AddCommune(b.Code!, Validator.Clean(b.Name)!, b.Kind!.Value);
        return RegisterWriter.DecideAsync(
            unitOfWork, command.ProvinceCode, add.Code, command.ExpectedVersion, adding: true,
            register => register.Add(add, clock.GetCurrentInstant()), cancellationToken);
    }
}
