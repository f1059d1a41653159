using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record CertificateRequest(
    Scheme? Scheme,
    Guid? InspectionId,
    string? CertificateNumber,
    LocalDate? IssuedOn,
    LocalDate? ValidUntil);

public sealed record IssueCertificateCommand(Caller Caller, CertificateRequest Body) : ICommand<Outcome<CertificateView>>, IValidated
{
    public const string NumberTakenCode = "certificate-number-taken";

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("scheme", b.Scheme);
        v.Required("inspectionId", b.InspectionId);
        v.Text("certificateNumber", b.CertificateNumber, required: true, maxLength: 100);
        v.FieldDate("issuedOn", b.IssuedOn);
        v.Required("validUntil", b.ValidUntil);
        if (b.IssuedOn is { } issued && b.ValidUntil is { } until && until <= issued)
        {
            v.Fail("validUntil", "Must be after issuedOn.");
        }
    }
}

public sealed class IssueCertificateHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<IssueCertificateCommand, Outcome<CertificateView>>
{
    public async ValueTask<Outcome<CertificateView>> Handle(IssueCertificateCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var inspection = await session.FetchOwnedAsync<Inspection>(
            b.InspectionId!.Value, null, i => i.CertificationBodyId == caller.CertificationBodyId, "inspection of your certification body",
            cancellationToken, "inspectionId");

        var number = Validator.Clean(b.CertificateNumber)!;
        var taken = await session.Query<Certificate>().AnyAsync(
            c => c.CertificationBodyId == inspection.Aggregate!.CertificationBodyId && c.CertificateNumber == number, cancellationToken);
        if (taken)
        {
            throw Problems.Conflict(
                IssueCertificateCommand.NumberTakenCode, "The certificate number is already used", $"Your body already issued certificate {number}.");
        }

        var now = clock.GetCurrentInstant();
        var events = CertificateDecisions.Issue(
            inspection.Aggregate!, new IssueCertificate(Guid.CreateVersion7(), b.Scheme!.Value, number, b.IssuedOn!.Value, b.ValidUntil!.Value), now)
            .Accepted();
        var issued = events.OfType<CertificateIssued>().Single();
        session.Events.StartStream<Certificate>(issued.CertificateId, issued);
        inspection.AppendMany(events.OfType<InspectionCertified>());
        return Outcome.Created(CertificateView.Of(Certificate.From(issued) with { Version = 1 }, now), 1);
    }
}
