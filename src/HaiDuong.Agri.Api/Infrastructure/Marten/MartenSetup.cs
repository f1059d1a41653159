using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using Weasel.Core;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>The event store: PostgreSQL through Marten, NodaTime on both sides of the wire, each module adding its streams and read models.</summary>
public static class MartenSetup
{
    public const string Schema = "agri";

    /// <param name="leadershipPolling">
    /// How often each instance checks which projections it should run (<c>Agri:Daemon:LeadershipPollingTime</c>, default 5 s):
    /// a survivor takes over a dead instance's projections about this long after it died, and a stopped agent is started again.
    /// </param>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddAgriStore(
        this IServiceCollection services, string connectionString, IEnumerable<IAgriModule> modules, TimeSpan? leadershipPolling = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Hot statements (trace lookups, scan upserts, stream fetches) are prepared once per connection, unless the
        // connection string already says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        builder.UseNodaTime();

        // Built by the container, so the container disposes it when the host stops: its pooled connections close then
        // rather than lingering until the process ends (a registered instance would never be disposed).
        services.AddSingleton(_ => builder.Build());
        services.AddScoped<UnitOfWork>();

        return services.AddMarten(provider =>
            {
                var opts = new StoreOptions();
                opts.Connection(provider.GetRequiredService<NpgsqlDataSource>());
                opts.Logger(new ExpectedConflictLogger(provider.GetRequiredService<ILoggerFactory>().CreateLogger("Marten.IDocumentStore")));
                opts.DatabaseSchemaName = Schema;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, AgriJson.Configure);
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.MetadataConfig.HeadersEnabled = false;

                // The daemon looks for new events every 250 ms when idle (default 1 s): marketplace sync starts within a
                // quarter of a second of a listing change, for one cheap query per poll.
                opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
                opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                if (leadershipPolling is { } polling)
                {
                    opts.Projections.LeadershipPollingTime = (int)polling.TotalMilliseconds;
                }

                // No retries of a write inside Marten: every command runs in one database transaction of ours, and a statement
                // run again after the database aborted that transaction (a deadlock's victim) only fails again with "current
                // transaction is aborted", hiding the first error. The transaction filter runs the whole command again instead.
                opts.ConfigureWritePolly(_ => { });

                NodaTimeMemberSource.Register(opts);
                opts.Schema.For<IdempotencyRecord>().Identity(r => r.Id).Index(r => r.RecordedAt);
                opts.Schema.For<DataProtectionKey>();

                foreach (var module in modules)
                {
                    module.ConfigureStore(opts);
                }

                return opts;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold);
    }
}
