using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Compliance;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>A code exactly as issued; <c>kind</c>, when sent, must be the route's (<c>growing-area</c> or <c>packing-house</c>).</summary>
public sealed record CodeRequest(string? Code, string? Kind, string? IssuingAuthority);

/// <summary>Registers a growing-area code on a growing area (<see cref="CodeKind.GrowingArea"/>) or a packing-house code on a cooperative.</summary>
public sealed record RegisterCodeCommand(Caller Caller, CodeKind Kind, Guid HolderId, CodeRequest Body) : ICommand<Outcome<CodeView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Text("code", Body.Code, required: true, maxLength: 50);
        v.OneOf("kind", Body.Kind, [CodeDecisions.KindName(Kind)], required: false);
        v.Text("issuingAuthority", Body.IssuingAuthority, required: false, maxLength: 200);
    }
}

public sealed class RegisterCodeHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RegisterCodeCommand, Outcome<CodeView>>
{
    public async ValueTask<Outcome<CodeView>> Handle(RegisterCodeCommand command, CancellationToken cancellationToken)
    {
        var (caller, kind, holderId, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var (householdId, cooperativeId) = await HolderAsync(session, caller, kind, holderId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var code = Validator.Clean(b.Code)!;
        var key = ComplianceCode.KeyOf(code);

        // One code, one holder: the same holder registering it again gets it back; any other is refused.
        var existing = await session.Query<ComplianceCode>().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (existing is not null)
        {
            return existing.HolderId == holderId && existing.Kind == kind
                ? Outcome.Changed(CodeView.Of(existing, now), existing.Version)
                : throw Problems.Refused(CodeErrors.CodeHeldElsewhere(code, existing.Kind));
        }

        var registered = CodeDecisions.Register(
            new RegisterCode(Guid.CreateVersion7(), code, kind, holderId, householdId, cooperativeId, Validator.Clean(b.IssuingAuthority), caller.Recorder()),
            now);
        session.Events.StartStream<ComplianceCode>(registered.CodeId, registered);
        return Outcome.Created(CodeView.Of(ComplianceCode.From(registered) with { Version = 1 }, now), 1);
    }

    /// <summary>The holder's household and cooperative, if the caller may act for it (else 404).</summary>
    private static async Task<(Guid? Household, Guid? Cooperative)> HolderAsync(
        IDocumentSession session, Caller caller, CodeKind kind, Guid holderId, CancellationToken ct)
    {
        if (kind == CodeKind.GrowingArea)
        {
            var area = await session.LoadAsync<GrowingArea>(holderId, ct);
            return area is not null && caller.ActsFor(area.HouseholdId, area.CooperativeId)
                ? (area.HouseholdId, area.CooperativeId)
                : throw Problems.NotFound("growing area");
        }

        var cooperative = await session.LoadAsync<Cooperative>(holderId, ct);
        return cooperative is not null && (caller.Role == Role.Admin || caller.CooperativeId == cooperative.Id)
            ? (null, cooperative.Id)
            : throw Problems.NotFound("cooperative");
    }
}
