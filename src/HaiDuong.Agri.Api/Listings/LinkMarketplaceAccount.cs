using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Listings.Sync;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record LinkMarketplaceAccountRequest(Marketplace? Marketplace, string? ShopId, string? AccessToken, string? RefreshToken);

/// <summary>A linked shop as its owner sees it: never its tokens, only whether they are held.</summary>
public sealed record MarketplaceAccountView(
    Guid Id,
    Marketplace Marketplace,
    string ShopId,
    Guid? HouseholdId,
    Guid? CooperativeId,
    AccountStatus Status,
    string? StatusReason,
    Instant LinkedAt,
    bool HasAccessToken,
    bool HasRefreshToken,
    long Version)
{
    public static MarketplaceAccountView Of(MarketplaceAccount a, MarketplaceCredentials? credentials) => new(
        a.Id, a.Marketplace, a.ShopId, a.HouseholdId, a.CooperativeId, a.Status, a.StatusReason, a.LinkedAt,
        credentials?.AccessToken is not null, credentials?.RefreshToken is not null, a.Version);
}

/// <summary>Links (or links again, with fresh tokens) the shop of a household, or of a cooperative when <see cref="HouseholdId"/> is null.</summary>
public sealed record LinkMarketplaceAccountCommand(Caller Caller, Guid? HouseholdId, Guid? CooperativeId, LinkMarketplaceAccountRequest Body)
    : ICommand<Outcome<MarketplaceAccountView>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Required("marketplace", Body.Marketplace);
        v.Text("shopId", Body.ShopId, required: true, maxLength: 100);
        var needsToken = Body.Marketplace is not (null or Marketplace.Webhook);
        v.Text("accessToken", Body.AccessToken, required: needsToken, maxLength: 4000);
        v.Text("refreshToken", Body.RefreshToken, required: false, maxLength: 4000);
    }
}

public sealed class LinkMarketplaceAccountHandler(UnitOfWork unitOfWork, IClock clock, MarketplaceTokens tokens)
    : ICommandHandler<LinkMarketplaceAccountCommand, Outcome<MarketplaceAccountView>>
{
    public async ValueTask<Outcome<MarketplaceAccountView>> Handle(LinkMarketplaceAccountCommand command, CancellationToken cancellationToken)
    {
        var (caller, householdId, cooperativeId, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        if (householdId is { } h)
        {
            await session.LoadForAsync(caller, h, "householdId", cancellationToken);
        }
        else if (!(caller.Role == Role.Admin || caller.CooperativeId == cooperativeId)
            || await session.LoadAsync<Cooperative>(cooperativeId!.Value, cancellationToken) is null)
        {
            throw Problems.NotFound("cooperative");
        }

        var marketplace = b.Marketplace!.Value;
        var accountId = MarketplaceAccount.IdFor(householdId, householdId is null ? cooperativeId : null, marketplace);
        var linked = new MarketplaceAccountLinked(
            accountId, marketplace, Validator.Clean(b.ShopId)!, householdId, householdId is null ? cooperativeId : null, clock.GetCurrentInstant());
        var stream = await session.Events.FetchForWriting<MarketplaceAccount>(accountId, cancellationToken);
        var isNew = stream.Aggregate is null;
        if (isNew)
        {
            session.Events.StartStream<MarketplaceAccount>(accountId, linked);
        }
        else
        {
            stream.AppendOne(linked);
        }

        session.Store(tokens.Seal(accountId, Validator.Clean(b.AccessToken), Validator.Clean(b.RefreshToken)));
        if (householdId is { } linkedHousehold)
        {
            await session.ReachAsync(linkedHousehold, Milestone.AccountLinked, FieldTime.DateOf(linked.LinkedAt), linked.LinkedAt, cancellationToken);
        }

        SyncLedger.ResumeAccount(session, accountId);
        await session.SaveChangesAsync(cancellationToken);

        var account = (await session.LoadAsync<MarketplaceAccount>(accountId, cancellationToken))!;
        var view = MarketplaceAccountView.Of(account, await session.LoadAsync<MarketplaceCredentials>(accountId, cancellationToken));
        return isNew ? Outcome.Created(view, view.Version) : Outcome.Changed(view, view.Version);
    }
}
