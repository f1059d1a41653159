using System.Globalization;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Labels;
using Marten;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

public sealed record GetSignInCard(Caller Caller, Guid HouseholdId, Guid CodeId) : IQuery<SignInCardFace>;

public sealed class GetSignInCardHandler(IQuerySession query, IClock clock, SignInCodeSeal seal, PublicLinks links)
    : IQueryHandler<GetSignInCard, SignInCardFace>
{
    public const string EndedCode = "sign-in-code-ended";

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
                StatusCodes.Status410Gone, EndedCode, "The sign-in code was used or has expired",
                "A card is printed only while its code is unused and valid: create a new sign-in code.");
        }

        var cooperative = household.CooperativeId is { } id ? await query.LoadAsync<Cooperative>(id, cancellationToken) : null;
        var text = seal.Open(code.SealedCode);
        return new SignInCardFace(
            household.Name, cooperative?.Name, SignInCodeText.Display(text), CreateSignInCodeHandler.AppLink(links, text),
            FieldTime.DateOf(code.ExpiresAt - Duration.FromTicks(1)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }
}
