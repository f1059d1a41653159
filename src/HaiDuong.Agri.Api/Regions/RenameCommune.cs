using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Regions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

public sealed record CommuneNameRequest(string? Name);

public sealed record RenameCommuneCommand(string ProvinceCode, string CommuneCode, long? ExpectedVersion, CommuneNameRequest Body)
    : ICommand<Outcome<CommuneView>>, IValidated
{
    public void Validate(Validator v) => v.Text("name", Body.Name, required: true, maxLength: 100);
}

/// <summary>
/// An admin corrects or changes a unit's name; the trace page, the statistics, the FSMA 204 sheet and the household view read
/// the new name from then on (nothing stores a copy). The same name again changes nothing.
/// </summary>
public sealed class RenameCommuneHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RenameCommuneCommand, Outcome<CommuneView>>
{
    public ValueTask<Outcome<CommuneView>> Handle(RenameCommuneCommand command, CancellationToken cancellationToken)
    {
        var rename = new RenameCommune(command.CommuneCode, Validator.Clean(command.Body.Name)!);
        return RegisterWriter.DecideAsync(
            unitOfWork, command.ProvinceCode, command.CommuneCode, command.ExpectedVersion, adding: false,
            register => register.Rename(rename, clock.GetCurrentInstant()), cancellationToken);
    }
}
