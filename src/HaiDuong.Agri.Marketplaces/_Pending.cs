// Temporary stand-ins until the adapters branch merges. Deleted at merge.
using HaiDuong.Agri.Domain.Listings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HaiDuong.Agri.Marketplaces;

public sealed class RetryOptions
{
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 20;
}

public sealed class MarketplaceOptions
{
    public RetryOptions Retry { get; set; } = new();
}

public static class RetryPolicy
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan? retryAfter, RetryOptions options, double jitter01) => retryAfter ?? options.BaseDelay;

    public static bool GiveUp(int failedAttempts, RetryOptions options) => failedAttempts >= options.MaxAttempts;
}

public sealed class ShopRateLimits
{
    public bool TryAcquire(Marketplace marketplace, string shopId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return true;
    }
}

public static class PendingRegistration
{
    public static IServiceCollection AddMarketplaceAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ShopRateLimits>();
        services.Configure<MarketplaceOptions>(configuration.GetSection("Marketplaces"));
        return services;
    }
}

public sealed record FeedItem(string Id, string Title, string? Description, string Link, string? ImageLink, bool InStock, long PriceVnd, string Brand, string Gtin);

public sealed record FeedChannel(string Title, string Link, string Description);

public static class GoogleMerchantFeed
{
    public static Task WriteXmlAsync(Stream stream, FeedChannel channel, IAsyncEnumerable<FeedItem> items, CancellationToken ct) => Task.CompletedTask;

    public static Task WriteTsvAsync(Stream stream, IAsyncEnumerable<FeedItem> items, CancellationToken ct) => Task.CompletedTask;
}

public static class MetaCatalogFeed
{
    public static Task WriteCsvAsync(Stream stream, IAsyncEnumerable<FeedItem> items, CancellationToken ct) => Task.CompletedTask;
}
