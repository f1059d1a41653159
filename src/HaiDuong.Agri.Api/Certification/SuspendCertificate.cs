using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record SuspensionRequest(string? Reason, LocalDate? From);

public sealed record SuspendCertificateCommand(Caller Caller, Guid CertificateId, long? ExpectedVersion, SuspensionRequest Body)
    : ICommand<Outcome<CertificateView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("reason", Body.Reason, required: true, maxLength: 1000, multiline: true);
        v.Required("from", Body.From);
    }
}

public sealed class SuspendCertificateHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<SuspendCertificateCommand, Outcome<CertificateView>>
{
    public ValueTask<Outcome<CertificateView>> Handle(SuspendCertificateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var suspension = new SuspendCertificate(command.Body.From!.Value, Validator.Clean(command.Body.Reason)!);
        return CertificateWriter.DecideAsync(
            unitOfWork, command.Caller, command.CertificateId, command.ExpectedVersion, now,
            certificate => CertificateDecisions.Suspend(certificate, suspension, now), cancellationToken);
    }
}
