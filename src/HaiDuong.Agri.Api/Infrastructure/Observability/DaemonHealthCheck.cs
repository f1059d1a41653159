using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaiDuong.Agri.Api.Infrastructure.Observability;

/// <summary>
/// Unhealthy when a projection or subscription — or the high-water mark they all follow — is behind the newest event and
/// has not advanced for the stall time; the description names each one with its lag. Served at <c>/health/daemon</c>, not
/// in <c>/health/ready</c>: a stalled projection is an operator's alarm, not a reason to take instances out of a load balancer.
/// </summary>
public sealed class DaemonHealthCheck(OperationsMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sample = monitor.Latest;
        if (!sample.Sampled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Not sampled yet."));
        }

        var stalled = sample.Shards.Where(s => s.Stalled)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} is {s.Lag} events behind (at {s.Sequence}, newest {sample.NewestEvent}) and has not advanced since {s.LastAdvanced}"))
            .ToList();
        if (sample.HighWaterStalled)
        {
            stalled.Insert(0, string.Create(
                CultureInfo.InvariantCulture,
                $"the high-water mark is stuck at {sample.HighWaterMark} while events reach {sample.NewestEvent}, since {sample.HighWaterLastAdvanced}"));
        }

        var data = sample.Shards.ToDictionary(s => s.Name, s => (object)s.Lag);
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Every projection and subscription is advancing (the furthest behind: {sample.Shards.Select(s => s.Lag).DefaultIfEmpty(0).Max()} events)."), data)
            : HealthCheckResult.Unhealthy(
                "Stalled: " + string.Join("; ", stalled) + ". Recover with POST /api/v1/admin/daemon/restart (README: Operating it).", data: data));
    }
}
