using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Lots;
using Mediator;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>A new sign-in code: the code to type, when it stops working, and the card to print (while it is unused).</summary>
public sealed record CreatedSignInCode(Guid Id, Guid HouseholdId, string Code, Instant ExpiresAt, string CardUrl, string AppLink);

public sealed record CreateSignInCode(Caller Caller, Guid HouseholdId) : ICommand<Outcome<CreatedSignInCode>>;

public sealed class CreateSignInCodeHandler(UnitOfWork unitOfWork, IClock clock, IOptions<SessionOptions> options, SignInCodeSeal seal, PublicLinks links)
    : ICommandHandler<CreateSignInCode, Outcome<CreatedSignInCode>>
{
    public async ValueTask<Outcome<CreatedSignInCode>> Handle(CreateSignInCode command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        await session.LoadForAsync(command.Caller, command.HouseholdId, "householdId", cancellationToken);
        var now = clock.GetCurrentInstant();
        var code = SignInCodeText.Generate();
        var record = new SignInCode
        {
            Id = Guid.CreateVersion7(),
            HouseholdId = command.HouseholdId,
            CodeHash = ApiKeySecrets.Hash(code),
            SealedCode = seal.Seal(code),
            CreatedBy = command.Caller.KeyId,
            CreatedAt = now,
            ExpiresAt = now + Duration.FromTimeSpan(options.Value.SignInCodeValidity),
        };
        session.Insert(record);
        var cardUrl = $"/api/v1/households/{command.HouseholdId}/sign-in-codes/{record.Id}/card.pdf";
        return Outcome.Created(new CreatedSignInCode(
            record.Id, record.HouseholdId, SignInCodeText.Display(code), record.ExpiresAt, cardUrl, AppLink(links, code)));
    }

    /// <summary>What the card's QR code opens: the app, with the code in the fragment (never sent to a server or logged).</summary>
    public static string AppLink(PublicLinks links, string code) => $"{links.BaseUrl}/app/#code={SignInCodeText.Display(code)}";
}
