using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Lots;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Listings;

public sealed record GetListing(Caller Caller, Guid Id) : IQuery<ListingDetails>;

public sealed class GetListingHandler(IQuerySession session, PublicLinks links) : IQueryHandler<GetListing, ListingDetails>
{
    public async ValueTask<ListingDetails> Handle(GetListing query, CancellationToken cancellationToken)
    {
        var listing = await session.LoadAsync<ListingDetails>(query.Id, cancellationToken);
        return listing is not null && query.Caller.ActsFor(listing.HouseholdId, listing.CooperativeId)
            ? listing.Complete(links)
            : throw Problems.NotFound("listing");
    }
}
