using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record ChangePriceRequest(long? PriceVnd);

public sealed record ChangeStockRequest(int? Stock);

public sealed record DelistRequest(string? Reason);

public sealed record ChangePriceCommand(Caller Caller, Guid Id, long? ExpectedVersion, ChangePriceRequest Body) : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v) => v.Positive("priceVnd", Body.PriceVnd, PublishListingCommand.MaxPriceVnd);
}

public sealed record ChangeStockCommand(Caller Caller, Guid Id, long? ExpectedVersion, ChangeStockRequest Body) : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v) => v.Range("stock", Body.Stock, 0, PublishListingCommand.MaxStock, required: true);
}

public sealed record DelistCommand(Caller Caller, Guid Id, long? ExpectedVersion, DelistRequest? Body) : ICommand<CommandAnswer>, IValidated
{
    public void Validate(Validator v) => v.Text("reason", Body?.Reason, required: false, maxLength: 500);
}

/// <summary>The seller's changes to a live listing: an absolute price, an absolute stock (within what the lot has left), delisting.</summary>
public sealed class ChangeListingHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links)
    : ICommandHandler<ChangePriceCommand, CommandAnswer>, ICommandHandler<ChangeStockCommand, CommandAnswer>, ICommandHandler<DelistCommand, CommandAnswer>
{
    public ValueTask<CommandAnswer> Handle(ChangePriceCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Caller, command.Id, command.ExpectedVersion, (listing, now) => Task.FromResult(
            ListingDecisions.ChangePrice(listing, command.Body.PriceVnd!.Value, now)), cancellationToken);

    public ValueTask<CommandAnswer> Handle(ChangeStockCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Caller, command.Id, command.ExpectedVersion, async (listing, now) =>
        {
            var session = await unitOfWork.SessionAsync(cancellationToken);
            await unitOfWork.LockAsync(ListingAccounts.LotLock(listing.LotId), cancellationToken);
            var lot = (await session.LoadAsync<LotDetails>(listing.LotId, cancellationToken))!;
            var unitsFree = lot.UnitCount - listing.Sold - await ListingAccounts.UnitsHeldAsync(session, lot.Id, listing.Id, cancellationToken);
            return ListingDecisions.ChangeStock(listing, command.Body.Stock!.Value, unitsFree - listing.Stock, now);
        }, cancellationToken);

    public ValueTask<CommandAnswer> Handle(DelistCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Caller, command.Id, command.ExpectedVersion, (listing, now) => Task.FromResult(
            ListingDecisions.Delist(listing, Validator.Clean(command.Body?.Reason), now)), cancellationToken);

    private async ValueTask<CommandAnswer> ChangeAsync(
        Caller caller, Guid id, long? expectedVersion, Func<Listing, Instant, Task<Decision>> decide, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        var stream = await session.FetchOwnedAsync<Listing>(id, expectedVersion, l => caller.ActsFor(l.HouseholdId, l.CooperativeId), "listing", ct);
        var events = (await decide(stream.Aggregate!, clock.GetCurrentInstant())).Accepted();
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        var view = (await session.LoadAsync<ListingDetails>(id, ct))!.Complete(links);
        return CommandAnswer.Ok(view, view.Version);
    }
}
