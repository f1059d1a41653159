using JasperFx.Events;
using Marten.Events.Aggregation;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// A stream's read model that is the domain's own state: <paramref name="create"/> from the first event, then
/// <paramref name="then"/> for each later one, both given the stream version to stamp. Written out (not by convention)
/// because the domain assembly carries no Marten code.
/// </summary>
public sealed class StateProjection<TDoc, TStarted>(Func<TStarted, long, TDoc> create, Func<TDoc, object, long, TDoc>? then = null)
    : SingleStreamProjection<TDoc, Guid>
    where TDoc : class
{
    public override TDoc? Evolve(TDoc? snapshot, Guid id, IEvent e) =>
        e.Data is TStarted started ? create(started, e.Version)
        : snapshot is not null && then is not null ? then(snapshot, e.Data, e.Version)
        : snapshot;
}
