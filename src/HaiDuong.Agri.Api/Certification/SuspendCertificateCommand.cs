using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record SuspensionRequest(string? Reason, LocalDate? From);

public sealed record ReinstatementRequest(LocalDate? On);

public sealed record SuspendCertificateCommand(Caller Caller, Guid CertificateId, long? ExpectedVersion, SuspensionRequest Body)
    : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("reason", Body.Reason, required: true, maxLength: 1000, multiline: true);
        v.Required("from", Body.From);
    }
}

public sealed record ReinstateCertificateCommand(Caller Caller, Guid CertificateId, long? ExpectedVersion, ReinstatementRequest Body)
    : ICommand<CommandAnswer>;

/// <summary>Suspends and reinstates certificates: auditors of the issuing body only.</summary>
public sealed class CertificateStatusHandler(UnitOfWork unitOfWork, IClock clock)
    : ICommandHandler<SuspendCertificateCommand, CommandAnswer>, ICommandHandler<ReinstateCertificateCommand, CommandAnswer>
{
    public ValueTask<CommandAnswer> Handle(SuspendCertificateCommand command, CancellationToken cancellationToken) =>
        DecideAsync(command.Caller, command.CertificateId, command.ExpectedVersion, (certificate, now) =>
            CertificateDecisions.Suspend(certificate, new SuspendCertificate(command.Body.From!.Value, Validator.Clean(command.Body.Reason)!), now),
            cancellationToken);

    public ValueTask<CommandAnswer> Handle(ReinstateCertificateCommand command, CancellationToken cancellationToken) =>
        DecideAsync(command.Caller, command.CertificateId, command.ExpectedVersion, (certificate, now) =>
            CertificateDecisions.Reinstate(certificate, new ReinstateCertificate(command.Body.On ?? FieldTime.Today(now)), now),
            cancellationToken);

    private async ValueTask<CommandAnswer> DecideAsync(
        Caller caller, Guid id, long? expectedVersion, Func<Certificate, Instant, Decision> decide, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        var stream = await session.FetchOwnedAsync<Certificate>(id, expectedVersion, c => c.IsOfBody(caller), "certificate", ct);
        var now = clock.GetCurrentInstant();
        stream.AppendMany(decide(stream.Aggregate!, now).Accepted());
        await session.SaveChangesAsync(ct);
        var view = await session.LoadAsync<Certificate>(id, ct);
        return CommandAnswer.Ok(CertificateView.Of(view!, now), view!.Version);
    }
}
