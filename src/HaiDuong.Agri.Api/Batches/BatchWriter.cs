using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using JasperFx.Events;
using Marten;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>Batch settings: <c>Agri:Batches:MaxSteps</c>, the most field steps one batch holds (default 5,000).</summary>
public sealed class BatchOptions
{
    public int MaxSteps { get; set; } = BatchDecisions.DefaultMaxSteps;
}

/// <summary>The fetch and answer halves every batch command shares (the decision in between is the command's own).</summary>
public static class BatchWriter
{
    /// <summary>The batch's stream for writing, if the caller may act for it (else 404) and it is at the version the client expects (else 412).</summary>
    public static async Task<IEventStream<Batch>> FetchAsync(
        IDocumentSession session, Caller caller, Guid batchId, long? expectedVersion, CancellationToken ct)
    {
        return await session.FetchOwnedAsync<Batch>(
            batchId, expectedVersion, batch => caller.ActsFor(batch.HouseholdId, batch.CooperativeId), "batch", ct);
    }

    /// <summary>Appends what the decision accepted and answers the batch's view; a refusal is a 409 problem.</summary>
    public static async Task<Outcome<BatchDetails>> DecidedAsync(
        IDocumentSession session, IEventStream<Batch> stream, Decision decision, CancellationToken ct)
    {
        stream.AppendMany(decision.Accepted());
        var view = await SaveAndViewAsync(session, stream.Id, ct);
        return Outcome.Changed(view, view.Version);
    }

    /// <summary>Flushes the appended events (inside the command's transaction) and answers the batch's current view.</summary>
    public static async Task<BatchDetails> SaveAndViewAsync(IDocumentSession session, Guid batchId, CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        var details = await session.LoadAsync<BatchDetails>(batchId, ct)
            ?? throw new InvalidOperationException($"Batch {batchId} has no details after saving.");
        return await session.WithClaimsAsync(details, ct);
    }
}
