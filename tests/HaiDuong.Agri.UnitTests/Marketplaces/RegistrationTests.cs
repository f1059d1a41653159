using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces;
using HaiDuong.Agri.Marketplaces.Adapters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class RegistrationTests
{
    [Fact]
    public void Adapters_options_and_rate_limits_come_from_the_Marketplaces_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Marketplaces:Shopee:BaseUrl"] = "https://partner.shopeemobile.com",
            ["Marketplaces:Shopee:PartnerId"] = "2001887",
            ["Marketplaces:Shopee:PartnerKey"] = "key",
            ["Marketplaces:Timeout"] = "00:00:03",
            ["Marketplaces:Retry:BaseDelay"] = "00:00:02",
            ["Marketplaces:Burst"] = "5",
        }).Build();
        using var provider = new ServiceCollection().AddMarketplaceAdapters(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MarketplaceOptions>>().Value;
        options.Shopee.PartnerId.Should().Be(2001887);
        options.Retry.BaseDelay.Should().Be(TimeSpan.FromSeconds(2));
        options.Retry.MaxDelay.Should().Be(TimeSpan.FromMinutes(5), "unset values keep their defaults");
        options.Burst.Should().Be(5);

        var adapters = provider.GetServices<IMarketplaceAdapter>().ToList();
        adapters.Select(a => a.Marketplace).Should().BeEquivalentTo(Enum.GetValues<Marketplace>());
        adapters.Where(a => a.IsConfigured).Select(a => a.Marketplace).Should().Equal(Marketplace.Shopee);

        provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ShopeeAdapter)).Timeout.Should().Be(TimeSpan.FromSeconds(3));
        provider.GetRequiredService<ShopRateLimits>().Should().BeSameAs(provider.GetRequiredService<ShopRateLimits>());
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }
}
