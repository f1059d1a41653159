using HaiDuong.Agri.Marketplaces.Adapters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces;

public static class MarketplaceServices
{
    /// <summary>
    /// Binds <c>Marketplaces</c> and registers the four adapters as typed HTTP clients with the configured timeout and no
    /// retry handler: a retried POST create is how duplicate listings happen, so retries belong to the sync job, after a
    /// lookup.
    /// </summary>
    public static IServiceCollection AddMarketplaceAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketplaceOptions>().Bind(configuration.GetSection(MarketplaceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ShopRateLimits>();
        Add<ShopeeAdapter>(services);
        Add<LazadaAdapter>(services);
        Add<TikTokAdapter>(services);
        Add<WebhookAdapter>(services);
        return services;
    }

    private static void Add<TAdapter>(IServiceCollection services)
        where TAdapter : class, IMarketplaceAdapter
    {
        services.AddHttpClient<TAdapter>(static (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<MarketplaceOptions>>().Value.Timeout);
        services.AddTransient<IMarketplaceAdapter>(static provider => provider.GetRequiredService<TAdapter>());
    }
}
