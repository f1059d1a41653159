using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>Ready when the database answers within a few seconds and the event store's schema is in place.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var command = dataSource.CreateCommand($"select to_regclass('{MartenSetup.Schema}.mt_events') is not null");
            var applied = await command.ExecuteScalarAsync(timeout.Token) is true;
            return applied ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The event store schema is not applied yet.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.", e);
        }
    }
}
