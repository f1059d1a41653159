using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Households;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Access;

public sealed record CreateApiKeyRequest(
    Role? Role,
    Guid? HouseholdId,
    Guid? CooperativeId,
    Guid? CertificationBodyId,
    string? Marketplace,
    string? Label);

/// <summary>The answer to a new key. <see cref="Key"/> is the secret, shown in this answer only (a replay shows null).</summary>
public sealed record CreatedApiKey(
    Guid Id,
    string? Key,
    Role Role,
    Guid? HouseholdId,
    Guid? CooperativeId,
    Guid? CertificationBodyId,
    string? Marketplace,
    string Label,
    Instant CreatedAt);

public sealed record CreateApiKey(Caller Caller, CreateApiKeyRequest Body) : ICommand<Outcome<CreatedApiKey>>, IValidated
{
    public static readonly string[] Marketplaces = ["shopee", "lazada", "tiktok", "webhook"];

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("role", b.Role);
        v.Text("label", b.Label, required: true, maxLength: 100);
        Scope(v, "householdId", b.HouseholdId, Role.Household, b.Role);
        Scope(v, "cooperativeId", b.CooperativeId, Role.Cooperative, b.Role);
        Scope(v, "certificationBodyId", b.CertificationBodyId, Role.Auditor, b.Role);
        Scope(v, "marketplace", b.Marketplace, Role.Marketplace, b.Role);
        v.OneOf("marketplace", b.Marketplace, Marketplaces, required: false);
    }

    /// <summary>Each scoped role needs exactly its own scope field; no other role may carry it.</summary>
    private static void Scope(Validator v, string field, object? value, Role owner, Role? role)
    {
        if (role == owner && value is null)
        {
            v.Fail(field, $"Required for role '{Caller.RoleName(owner)}'.");
        }
        else if (role is not null && role != owner && value is not null)
        {
            v.Fail(field, $"Only a '{Caller.RoleName(owner)}' key has a {field}.");
        }
    }
}

public sealed class CreateApiKeyHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<CreateApiKey, Outcome<CreatedApiKey>>
{
    public async ValueTask<Outcome<CreatedApiKey>> Handle(CreateApiKey command, CancellationToken cancellationToken)
    {
        var b = command.Body;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        if (b.HouseholdId is { } householdId && await session.LoadAsync<Household>(householdId, cancellationToken) is null)
        {
            throw Problems.NotFound("household", "householdId");
        }

        if (b.CooperativeId is { } cooperativeId && await session.LoadAsync<Cooperative>(cooperativeId, cancellationToken) is null)
        {
            throw Problems.NotFound("cooperative", "cooperativeId");
        }

        if (b.CertificationBodyId is { } bodyId && await session.LoadAsync<CertificationBody>(bodyId, cancellationToken) is null)
        {
            throw Problems.NotFound("certification body", "certificationBodyId");
        }

        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Hash = ApiKeySecrets.Hash(secret),
            Role = b.Role!.Value,
            HouseholdId = b.HouseholdId,
            CooperativeId = b.CooperativeId,
            CertificationBodyId = b.CertificationBodyId,
            Marketplace = b.Marketplace,
            Label = Validator.Clean(b.Label)!,
            CreatedAt = clock.GetCurrentInstant(),
        };
        session.Insert(key);
        var created = new CreatedApiKey(
            key.Id, secret, key.Role, key.HouseholdId, key.CooperativeId, key.CertificationBodyId, key.Marketplace, key.Label, key.CreatedAt);
        return Outcome.Created(created);
    }
}
