using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// Throttles failed lookups (unknown codes) per client address: after <see cref="TraceOptions.FailedLookupsPerMinute"/>
/// in a minute, unknown codes answer 429. Only failures are counted, so genuine scans — a whole market behind one
/// address — are never throttled. (With 85-bit serials, guessing is hopeless anyway; this keeps it from being a load.)
/// </summary>
public sealed class FailedLookupLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> limiter;

    public FailedLookupLimiter(IOptions<TraceOptions> options)
    {
        var perMinute = options.Value.FailedLookupsPerMinute;
        limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Records a failed lookup; null when it is within the limit, else how long the client must wait.</summary>
    public TimeSpan? Fail(IPAddress? client)
    {
        using var lease = limiter.AttemptAcquire(client ?? IPAddress.None);
        return lease.IsAcquired
            ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    /// <summary>Whether this address used up its failed lookups for now (nothing is recorded).</summary>
    public bool Exhausted(IPAddress? client) => limiter.GetStatistics(client ?? IPAddress.None)?.CurrentAvailablePermits <= 0;

    public void Dispose() => limiter.Dispose();
}
