using System.Threading.RateLimiting;
using HaiDuong.Agri.Domain.Listings;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces;

/// <summary>
/// A token bucket per (marketplace, shop), so one busy shop spends only its own allowance. Acquiring never waits: a
/// dispatcher that is told "not yet" moves on to other shops and comes back after <c>retryAfter</c>. The partitioned
/// limiter replenishes all buckets from one timer and drops buckets of shops that went idle.
/// </summary>
public sealed class ShopRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(Marketplace, string)> limiter;
    private readonly TimeSpan oneToken;

    public ShopRateLimits(IOptions<MarketplaceOptions> options)
    {
        var perSecond = Math.Max(1, options.Value.RequestsPerSecond);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Value.Burst),
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        oneToken = TimeSpan.FromSeconds(1.0 / perSecond);
        limiter = PartitionedRateLimiter.Create<(Marketplace, string), (Marketplace, string)>(
            shop => RateLimitPartition.GetTokenBucketLimiter(shop, _ => bucket));
    }

    /// <summary>Takes one call's token from the shop's bucket; when it is empty, says how long until one is back.</summary>
    public bool TryAcquire(Marketplace marketplace, string shopId, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire((marketplace, shopId));
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait
            : oneToken;
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
