using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Listings;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Listings;

public sealed record DelistRequest(string? Reason);

public sealed record DelistCommand(Caller Caller, Guid Id, long? ExpectedVersion, DelistRequest? Body) : ICommand<Outcome<ListingDetails>>, IValidated
{
    public void Validate(Validator v) => v.Text("reason", Body?.Reason, required: false, maxLength: 500);
}

/// <summary>The seller takes the listing off every marketplace.</summary>
public sealed class DelistHandler(UnitOfWork unitOfWork, IClock clock, PublicLinks links) : ICommandHandler<DelistCommand, Outcome<ListingDetails>>
{
    public ValueTask<Outcome<ListingDetails>> Handle(DelistCommand command, CancellationToken cancellationToken) =>
        ListingWriter.ChangeAsync(unitOfWork, links, command.Caller, command.Id, command.ExpectedVersion, listing => Task.FromResult(
            ListingDecisions.Delist(listing, Validator.Clean(command.Body?.Reason), clock.GetCurrentInstant())), cancellationToken);
}
