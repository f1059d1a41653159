using JasperFx.Events;
using Marten.Events.Aggregation;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// The read model of a stream that so far has one event, its registration: the domain's own <c>Create</c>, stamped
/// with the stream version. Written out (not by convention) because the domain assembly carries no Marten code.
/// </summary>
public sealed class RegistrationProjection<TDoc, TRegistered>(Func<TRegistered, long, TDoc> create) : SingleStreamProjection<TDoc, Guid>
    where TDoc : class
{
    public override TDoc? Evolve(TDoc? snapshot, Guid id, IEvent e) =>
        e.Data is TRegistered registered ? create(registered, e.Version) : snapshot;
}
