using System.Diagnostics.Metrics;

namespace HaiDuong.Agri.Api.Infrastructure.Observability;

/// <summary>
/// The domain figures an operator watches, on the meter <c>HaiDuong.Agri</c>: scans and failed lookups as they happen,
/// marketplace token refusals, and — read from <see cref="OperationsMonitor"/>'s latest sample — the sync queue, the dead
/// letters and how far each projection and subscription is behind the events.
/// </summary>
public sealed class AgriMetrics : IDisposable
{
    public const string MeterName = "HaiDuong.Agri";

    private readonly Meter meter;
    private readonly Counter<long> scans;
    private readonly Counter<long> failedLookups;
    private readonly Counter<long> tokenRefusals;

    public AgriMetrics(IMeterFactory meters, OperationsMonitor monitor)
    {
        meter = meters.Create(MeterName);
        scans = meter.CreateCounter<long>("agri.trace.scans", "{scan}", "Trace page lookups, by result (genuine, voided, lot, unknown)");
        failedLookups = meter.CreateCounter<long>("agri.trace.failed_lookups", "{lookup}", "Lookups of codes that do not exist (possible counterfeits or guessing)");
        tokenRefusals = meter.CreateCounter<long>("agri.marketplace.token_refusals", "{refusal}", "Pushes a marketplace refused for the shop's tokens (the account then needs linking again)");
        meter.CreateObservableGauge("agri.sync.queue_depth", () => monitor.Latest.SyncDue, "{sync}", "Listing syncs due or waiting to be retried");
        meter.CreateObservableGauge("agri.sync.dead_letters", () => monitor.Latest.DeadLetters, "{sync}", "Syncs a marketplace refused for good, waiting for an admin");
        meter.CreateObservableGauge("agri.sync.parked", () => monitor.Latest.Parked, "{sync}", "Syncs waiting for a shop to be linked again");
        meter.CreateObservableGauge(
            "agri.daemon.lag",
            () => monitor.Latest.Shards.Select(s => new Measurement<long>(s.Lag, new KeyValuePair<string, object?>("shard", s.Name))),
            "{event}",
            "Events a projection or subscription is behind the newest event");
    }

    public void Scanned(string result) => scans.Add(1, new KeyValuePair<string, object?>("result", result));

    public void LookupFailed() => failedLookups.Add(1);

    public void TokenRefused(string marketplace) => tokenRefusals.Add(1, new KeyValuePair<string, object?>("marketplace", marketplace));

    public void Dispose() => meter.Dispose();
}
