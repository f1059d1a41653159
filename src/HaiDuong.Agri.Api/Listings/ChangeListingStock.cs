using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record ChangeStockRequest(int? Stock);

public sealed record ChangeStockCommand(Caller Caller, Guid Id, long? ExpectedVersion, ChangeStockRequest Body) : ICommand<Outcome<ListingDetails>>, IValidated
{
    public void Validate(Validator v) => v.Range("stock", Body.Stock, 0, PublishListingCommand.MaxStock, required: true);
}

/// <summary>The seller sets an absolute stock, within what the lot has left (checked under the lot's lock); every marketplace gets it.</summary>
public sealed class ChangeStockHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<ChangeStockCommand, Outcome<ListingDetails>>
{
    public ValueTask<Outcome<ListingDetails>> Handle(ChangeStockCommand command, CancellationToken cancellationToken) =>
        ListingWriter.ChangeAsync(unitOfWork, links, command.Caller, command.Id, command.ExpectedVersion, async listing =>
        {
            var session = await unitOfWork.SessionAsync(cancellationToken);
            await unitOfWork.LockAsync(ListingAccounts.LotLock(listing.LotId), cancellationToken);
            var lot = (await session.LoadAsync<LotDetails>(listing.LotId, cancellationToken))!;
            var unitsFree = lot.UnitCount - listing.Sold - await ListingAccounts.UnitsHeldAsync(session, lot.Id, listing.Id, cancellationToken);
            return ListingDecisions.ChangeStock(listing, command.Body.Stock!.Value, unitsFree - listing.Stock, clock.GetCurrentInstant());
        }, cancellationToken);
}
