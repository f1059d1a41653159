using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using JasperFx;
using JasperFx.Events.Daemon;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Operations;

/// <summary>The async daemon as an operator sees it: each projection and subscription, how far behind, and whether stalled.</summary>
public sealed record DaemonStatus(
    Instant SampledAt,
    long NewestEvent,
    long HighWaterMark,
    bool HighWaterStalled,
    IReadOnlyList<ShardProgress> Shards,
    long SyncDue,
    long SyncParked,
    long DeadLetters,
    IReadOnlyList<string> Restarted)
{
    public static DaemonStatus Of(OperationsSample s, IReadOnlyList<string>? restarted = null) =>
        new(s.At, s.NewestEvent, s.HighWaterMark, s.HighWaterStalled, s.Shards, s.SyncDue, s.Parked, s.DeadLetters, restarted ?? []);
}

public sealed record GetDaemonStatus : IQuery<DaemonStatus>;

public sealed class GetDaemonStatusHandler(OperationsMonitor monitor) : IQueryHandler<GetDaemonStatus, DaemonStatus>
{
    public async ValueTask<DaemonStatus> Handle(GetDaemonStatus query, CancellationToken cancellationToken) =>
        DaemonStatus.Of(await monitor.SampleAsync(cancellationToken));
}

/// <summary>
/// The recovery for a stall: restarts, on this instance, the high-water mark detection when it is stuck and every stalled
/// (or stopped) projection and subscription agent, from their stored progress. Nothing is replayed that was already done.
/// </summary>
public sealed record RestartDaemon : ICommand<DaemonStatus>;

public sealed class RestartDaemonHandler(OperationsMonitor monitor, IProjectionCoordinator coordinator) : ICommandHandler<RestartDaemon, DaemonStatus>
{
    public async ValueTask<DaemonStatus> Handle(RestartDaemon command, CancellationToken cancellationToken)
    {
        var daemon = coordinator.DaemonForMainDatabase();
        if (!daemon.IsRunning)
        {
            throw Problems.Conflict(
                "daemon-elsewhere", "The async daemon runs on another instance",
                "This instance does not run the projections now (another one holds them): send the request to that instance, or restart it (its projections move to a survivor within seconds).");
        }

        var sample = await monitor.SampleAsync(cancellationToken);
        var restarted = new List<string>();
        if (sample.HighWaterStalled)
        {
            await daemon.RestartHighWaterAgentAsync(cancellationToken);
            restarted.Add("HighWaterMark");
        }

        foreach (var shard in sample.Shards.Where(s => s.Stalled || daemon.StatusFor(s.Name) != AgentStatus.Running))
        {
            if (daemon.StatusFor(shard.Name) == AgentStatus.Running)
            {
                await daemon.StopAgentAsync(shard.Name);
            }

            await daemon.StartAgentAsync(shard.Name, cancellationToken);
            restarted.Add(shard.Name);
        }

        return DaemonStatus.Of(sample, restarted);
    }
}
