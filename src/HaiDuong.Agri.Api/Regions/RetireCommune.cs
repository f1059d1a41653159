using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Regions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

/// <summary><c>on</c>: the first day the unit takes no new registrations (today in Việt Nam when left out).</summary>
public sealed record RetirementRequest(LocalDate? On, string? Reason);

public sealed record RetireCommuneCommand(string ProvinceCode, string CommuneCode, long? ExpectedVersion, RetirementRequest? Body)
    : ICommand<Outcome<CommuneView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("reason", Body?.Reason, required: false, maxLength: 1000, multiline: true);
        if (Body?.On is { Year: < 1900 })
        {
            v.Fail("on", "Must be a date after 1900.");
        }
    }
}

/// <summary>
/// An admin retires a unit (merged away, dissolved): from that day it takes no new households, cooperatives or growing areas;
/// what was registered with it keeps its code and still shows its name.
/// </summary>
public sealed class RetireCommuneHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RetireCommuneCommand, Outcome<CommuneView>>
{
    public ValueTask<Outcome<CommuneView>> Handle(RetireCommuneCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var retire = new RetireCommune(command.CommuneCode, command.Body?.On ?? FieldTime.Today(now), Validator.Clean(command.Body?.Reason));
        return RegisterWriter.DecideAsync(
            unitOfWork, command.ProvinceCode, command.CommuneCode, command.ExpectedVersion, adding: false,
            register => register.Retire(retire, now), cancellationToken);
    }
}
