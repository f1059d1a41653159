using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// A version per lot of everything its trace page shows except the scan tally (the lot, its batch's timeline, household,
/// cooperative, growing area, certificates, recall and voids), bumped in the transaction of any change that affects it, so
/// an instance can keep the page's data in memory and check it with the few bytes read beside the scan's upsert. A missing
/// row is version 0. The row of <see cref="Registers"/> is bumped when any administrative-units register changes (the
/// names beside a household's codes), which concerns every lot.
/// </summary>
public static class TraceVersions
{
    public const string Table = MartenSetup.Schema + ".trace_versions";

    /// <summary>The row bumped by register changes, read beside every lot's own.</summary>
    public static readonly Guid Registers = Guid.Empty;

    public static void ConfigureStore(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, "trace_versions", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("lot_id").AsPrimaryKey();
        table.AddColumn<long>("version").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(table);
        opts.Listeners.Add(new Listener());
    }

    /// <summary>
    /// Before a session saves, queues one statement (in its transaction) bumping every lot whose page its events change:
    /// the lot's own stream, or the stream of its batch, household, cooperative or growing area, or of a certificate of its
    /// growing area (a new certificate names its areas in its event; a suspension or reinstatement finds them in the
    /// stored certificate). Each condition is on an indexed member of the lot (see LotsModule), so it is a bitmap of index
    /// scans, not a pass over every lot, whatever the number of lots.
    /// </summary>
    private sealed class Listener : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var streams = new List<Guid>();
            var areas = new List<Guid>();
            var registers = false;
            foreach (var stream in session.PendingChanges.Streams())
            {
                if (stream.Events.Count == 0)
                {
                    continue;
                }

                streams.Add(stream.Id);
                foreach (var e in stream.Events)
                {
                    switch (e.Data)
                    {
                        case CertificateIssued issued:
                            areas.AddRange(issued.GrowingAreaIds);
                            break;
                        case ProvinceRegisterLoaded or CommuneAdded or CommuneRenamed or CommuneRetired:
                            registers = true;
                            break;
                    }
                }
            }

            if (streams.Count > 0)
            {
                session.QueueSqlCommand(
                    $"""
                    insert into {Table} as v (lot_id, version)
                    select d.id, 1 from {MartenSetup.Schema}.mt_doc_lotdetails d
                    where d.id = any(?) or (d.data ->> 'batchId')::uuid = any(?) or (d.data ->> 'householdId')::uuid = any(?)
                       or (d.data ->> 'cooperativeId')::uuid = any(?) or (d.data ->> 'growingAreaId')::uuid = any(?)
                       or (d.data ->> 'growingAreaId')::uuid = any(array(
                            select jsonb_array_elements_text(c.data -> 'growingAreaIds')::uuid from {MartenSetup.Schema}.mt_doc_certificate c where c.id = any(?)))
                    order by d.id
                    on conflict (lot_id) do update set version = v.version + 1
                    """,
                    Ids(streams), Ids(streams), Ids(streams), Ids(streams), Ids([.. streams, .. areas]), Ids(streams));
            }

            if (registers)
            {
                session.QueueSqlCommand(
                    $"insert into {Table} as v (lot_id, version) values (?, 1) on conflict (lot_id) do update set version = v.version + 1",
                    Registers);
            }

            return Task.CompletedTask;
        }

        private static Guid[] Ids(List<Guid> ids) => [.. ids];
    }
}
