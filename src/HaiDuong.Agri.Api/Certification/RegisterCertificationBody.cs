using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record CertificationBodyRequest(string? Name, string? AccreditationNumber);

public sealed record RegisterCertificationBodyCommand(CertificationBodyRequest Body) : ICommand<Outcome<CertificationBody>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("name", Body.Name, required: true, maxLength: 200);
        v.Text("accreditationNumber", Body.AccreditationNumber, required: false, maxLength: 100);
    }
}

public sealed class RegisterCertificationBodyHandler(UnitOfWork unitOfWork, IClock clock)
    : ICommandHandler<RegisterCertificationBodyCommand, Outcome<CertificationBody>>
{
    public async ValueTask<Outcome<CertificationBody>> Handle(RegisterCertificationBodyCommand command, CancellationToken cancellationToken)
    {
        var registered = new CertificationBodyRegistered(
            Guid.CreateVersion7(), Validator.Clean(command.Body.Name)!, Validator.Clean(command.Body.AccreditationNumber),
            clock.GetCurrentInstant());
        var session = await unitOfWork.SessionAsync(cancellationToken);
        session.Events.StartStream<CertificationBody>(registered.CertificationBodyId, registered);
        return Outcome.Created(CertificationBody.From(registered) with { Version = 1 }, 1);
    }
}
