using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record CertificationBodyRequest(string? Name, string? AccreditationNumber);

public sealed record RegisterCertificationBodyCommand(CertificationBodyRequest Body) : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("name", Body.Name, required: true, maxLength: 200);
        v.Text("accreditationNumber", Body.AccreditationNumber, required: false, maxLength: 100);
    }
}

public sealed class RegisterCertificationBodyHandler(UnitOfWork unitOfWork, IClock clock)
    : ICommandHandler<RegisterCertificationBodyCommand, CommandAnswer>
{
    public async ValueTask<CommandAnswer> Handle(RegisterCertificationBodyCommand command, CancellationToken cancellationToken)
    {
        var registered = new CertificationBodyRegistered(
            Guid.CreateVersion7(), Validator.Clean(command.Body.Name)!, Validator.Clean(command.Body.AccreditationNumber),
            clock.GetCurrentInstant());
        var session = await unitOfWork.SessionAsync(cancellationToken);
        session.Events.StartStream<CertificationBody>(registered.CertificationBodyId, registered);
        return CommandAnswer.Created(
            $"/api/v1/certification-bodies/{registered.CertificationBodyId}", CertificationBody.From(registered) with { Version = 1 }, 1);
    }
}

public sealed record GetCertificationBody(Caller Caller, Guid Id) : IQuery<CertificationBody>;

public sealed class GetCertificationBodyHandler(IQuerySession session) : IQueryHandler<GetCertificationBody, CertificationBody>
{
    public async ValueTask<CertificationBody> Handle(GetCertificationBody query, CancellationToken cancellationToken)
    {
        var body = await session.LoadAsync<CertificationBody>(query.Id, cancellationToken);
        return body is not null && (query.Caller.Role == Role.Admin || query.Caller.CertificationBodyId == body.Id)
            ? body
            : throw Problems.NotFound("certification body");
    }
}
