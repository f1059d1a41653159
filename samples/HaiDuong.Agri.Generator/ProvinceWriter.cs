extern alias api;
using System.Threading.Channels;
using api::HaiDuong.Agri.Api.Infrastructure.Marten;
using Marten;
using Npgsql;
using Weasel.Core;

namespace HaiDuong.Agri.Generator;

/// <summary>Writes a generated province through Marten's bulk path: the generator and the benchmark harness share it.</summary>
public static class ProvinceWriter
{
    /// <summary>About 5,000 streams per write: memory stays bounded whatever the size.</summary>
    public const int HouseholdsPerChunk = 1_250;

    /// <summary>
    /// Cooperatives first, then households a chunk at a time. Generation (CPU) runs one chunk ahead of writing (COPY to
    /// PostgreSQL), and events and read models go through two connections at once, so both cores stay busy.
    /// </summary>
    public static async Task<Tally> WriteAsync(
        IDocumentStore store, ProvinceGenerator generator, int households, Action<Tally, int>? written, CancellationToken ct)
    {
        var chunks = Channel.CreateBounded<(Chunk Chunk, int Households)>(1);
        var produce = Task.Run(
            async () =>
            {
                try
                {
                    await chunks.Writer.WriteAsync((generator.Cooperatives(), 0), ct);
                    for (var from = 0; from < households; from += HouseholdsPerChunk)
                    {
                        var to = Math.Min(households, from + HouseholdsPerChunk);
                        await chunks.Writer.WriteAsync((generator.Households(from, to), to - from), ct);
                    }

                    chunks.Writer.Complete();
                }
                catch (Exception e)
                {
                    chunks.Writer.Complete(e);
                }
            },
            ct);

        var total = new Tally();
        await foreach (var (chunk, count) in chunks.Reader.ReadAllAsync(ct))
        {
            await Task.WhenAll(
                store.BulkInsertEventsAsync(chunk.Streams, 10_000, ct),
                store.BulkInsertDocumentsAsync(chunk.Documents, BulkInsertMode.InsertsOnly, 5_000, ct));
            chunk.Tally.Documents = chunk.Documents.Count;
            total.Add(chunk.Tally);
            written?.Invoke(total, count);
        }

        await produce;
        return total;
    }

    /// <summary>
    /// The generated listings and orders are history the marketplaces already have (each listing carries its sync outcome):
    /// the app's listing-sync subscription starts after them instead of pushing them all again.
    /// </summary>
    public static async Task MarkListingSyncDoneAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            insert into {MartenSetup.Schema}.mt_event_progression (name, last_seq_id, last_updated)
            select 'listing_sync:All', coalesce(max(seq_id), 0), now() from {MartenSetup.Schema}.mt_events
            on conflict (name) do update set last_seq_id = greatest({MartenSetup.Schema}.mt_event_progression.last_seq_id, excluded.last_seq_id), last_updated = now()
            """);
        await command.ExecuteNonQueryAsync(ct);
    }
}
