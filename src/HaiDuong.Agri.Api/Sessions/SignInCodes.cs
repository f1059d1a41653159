using System.Globalization;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Labels;
using Marten;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>A new sign-in code: the code to type, when it stops working, and the card to print (while it is unused).</summary>
public sealed record CreatedSignInCode(Guid Id, Guid HouseholdId, string Code, Instant ExpiresAt, string CardUrl, string AppLink);

public sealed record CreateSignInCode(Caller Caller, Guid HouseholdId) : ICommand<CommandAnswer>;

public sealed record GetSignInCard(Caller Caller, Guid HouseholdId, Guid CodeId) : IQuery<SignInCardFace>;

/// <summary>Seals sign-in codes for reprinting their card; only the code's hash is ever looked up.</summary>
public sealed class SignInCodeSeal(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("HaiDuong.Agri.SignInCodes.v1");

    public string Seal(string code) => protector.Protect(code);

    public string Open(string sealedCode) => protector.Unprotect(sealedCode);
}

public sealed class SignInCodeHandlers(
    UnitOfWork unitOfWork, IQuerySession query, IClock clock, IOptions<SessionOptions> options, SignInCodeSeal seal, PublicLinks links)
    : ICommandHandler<CreateSignInCode, CommandAnswer>, IQueryHandler<GetSignInCard, SignInCardFace>
{
    public async ValueTask<CommandAnswer> Handle(CreateSignInCode command, CancellationToken cancellationToken)
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
        var cardUrl = CardPath(command.HouseholdId, record.Id);
        return CommandAnswer.Created(
            cardUrl,
            new CreatedSignInCode(record.Id, record.HouseholdId, SignInCodeText.Display(code), record.ExpiresAt, cardUrl, AppLink(code)));
    }

    public async ValueTask<SignInCardFace> Handle(GetSignInCard request, CancellationToken cancellationToken)
    {
        var household = await query.LoadForAsync(request.Caller, request.HouseholdId, "householdId", cancellationToken);
        var code = await query.LoadAsync<SignInCode>(request.CodeId, cancellationToken);
        if (code is null || code.HouseholdId != household.Id)
        {
            throw Problems.NotFound("sign-in code");
        }

        if (code.RedeemedAt is not null || clock.GetCurrentInstant() >= code.ExpiresAt)
        {
            throw new ProblemException(
                StatusCodes.Status410Gone, "sign-in-code-ended", "The sign-in code was used or has expired",
                "A card is printed only while its code is unused and valid: create a new sign-in code.");
        }

        var cooperative = household.CooperativeId is { } id ? await query.LoadAsync<Cooperative>(id, cancellationToken) : null;
        var text = seal.Open(code.SealedCode);
        return new SignInCardFace(
            household.Name, cooperative?.Name, SignInCodeText.Display(text), AppLink(text),
            FieldTime.DateOf(code.ExpiresAt - Duration.FromTicks(1)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }

    /// <summary>What the card's QR code opens: the app, with the code in the fragment (never sent to a server or logged).</summary>
    private string AppLink(string code) => $"{links.BaseUrl}/app/#code={SignInCodeText.Display(code)}";

    public static string CardPath(Guid householdId, Guid codeId) => $"/api/v1/households/{householdId}/sign-in-codes/{codeId}/card.pdf";
}
