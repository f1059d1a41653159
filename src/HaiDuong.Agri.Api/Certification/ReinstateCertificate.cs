using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record ReinstatementRequest(LocalDate? On);

public sealed record ReinstateCertificateCommand(Caller Caller, Guid CertificateId, long? ExpectedVersion, ReinstatementRequest Body)
    : ICommand<Outcome<CertificateView>>;

public sealed class ReinstateCertificateHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<ReinstateCertificateCommand, Outcome<CertificateView>>
{
    public ValueTask<Outcome<CertificateView>> Handle(ReinstateCertificateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var reinstatement = new ReinstateCertificate(command.Body.On ?? FieldTime.Today(now));
        return CertificateWriter.DecideAsync(
            unitOfWork, command.Caller, command.CertificateId, command.ExpectedVersion, now,
            certificate => CertificateDecisions.Reinstate(certificate, reinstatement, now), cancellationToken);
    }
}
