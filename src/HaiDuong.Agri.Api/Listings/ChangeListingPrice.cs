using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record ChangePriceRequest(long? PriceVnd);

public sealed record ChangePriceCommand(Caller Caller, Guid Id, long? ExpectedVersion, ChangePriceRequest Body) : ICommand<Outcome<ListingDetails>>, IValidated
{
    public void Validate(Validator v) => v.Positive("priceVnd", Body.PriceVnd, PublishListingCommand.MaxPriceVnd);
}

/// <summary>The seller sets an absolute price; every marketplace gets it.</summary>
public sealed class ChangePriceHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<ChangePriceCommand, Outcome<ListingDetails>>
{
    public ValueTask<Outcome<ListingDetails>> Handle(ChangePriceCommand command, CancellationToken cancellationToken) =>
        ListingWriter.ChangeAsync(unitOfWork, links, command.Caller, command.Id, command.ExpectedVersion, listing => Task.FromResult(
            ListingDecisions.ChangePrice(listing, command.Body.PriceVnd!.Value, clock.GetCurrentInstant())), cancellationToken);
}
