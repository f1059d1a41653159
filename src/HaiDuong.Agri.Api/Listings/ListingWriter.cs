using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.Api.Listings;

/// <summary>The fetch and answer halves of the seller's changes to a listing (the decision in between is the command's own).</summary>
public static class ListingWriter
{
    /// <summary>Appends what <paramref name="decide"/> accepts on the caller's listing and answers its view; a refusal is a 409 problem.</summary>
    public static async ValueTask<Outcome<ListingDetails>> ChangeAsync(
        UnitOfWork unitOfWork, PublicLinks links, Caller caller, Guid id, long? expectedVersion, Func<Listing, Task<Decision>> decide, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        var stream = await session.FetchOwnedAsync<Listing>(id, null, l => caller.ActsFor(l.HouseholdId, l.CooperativeId), "listing", ct);

        // If-Match names the seller's last change, not the stream's version (sync outcomes move that). Read after the stream was
        // fetched: a change committed since shows here (412), and any write since, a sync outcome too, fails the append with a
        // concurrency conflict, which is tried again from fresh state.
        if (expectedVersion is { } expected
            && (await session.LoadAsync<ListingDetails>(id, ct))?.ChangeVersion is { } current && current != expected)
        {
            throw Problems.VersionMismatch(current);
        }

        stream.AppendMany((await decide(stream.Aggregate!)).Accepted());
        await session.SaveChangesAsync(ct);
        var view = (await session.LoadAsync<ListingDetails>(id, ct))!.Complete(links);
        return Outcome.Changed(view, view.ChangeVersion);
    }
}
