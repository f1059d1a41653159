using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class ShopRateLimitsTests
{
    [Fact]
    public void A_shop_that_spent_its_burst_waits_while_other_shops_and_marketplaces_go_on()
    {
        using var limits = new ShopRateLimits(Options.Create(new MarketplaceOptions { RequestsPerSecond = 2, Burst = 5 }));

        Enumerable.Range(0, 5).Select(_ => limits.TryAcquire(Marketplace.Shopee, "busy", out var _)).ToList().Should().AllBeEquivalentTo(true);
        limits.TryAcquire(Marketplace.Shopee, "busy", out var retryAfter).Should().BeFalse();
        retryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1));

        limits.TryAcquire(Marketplace.Shopee, "quiet", out var none).Should().BeTrue();
        none.Should().Be(TimeSpan.Zero);
        limits.TryAcquire(Marketplace.Lazada, "busy", out _).Should().BeTrue("the same shop id at another marketplace is another shop");
    }

    [Fact]
    public async Task A_throttled_shop_gets_tokens_back_over_time()
    {
        using var limits = new ShopRateLimits(Options.Create(new MarketplaceOptions { RequestsPerSecond = 20, Burst = 1 }));
        limits.TryAcquire(Marketplace.Tiktok, "shop", out _).Should().BeTrue();
        limits.TryAcquire(Marketplace.Tiktok, "shop", out _).Should().BeFalse();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!limits.TryAcquire(Marketplace.Tiktok, "shop", out _))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "a token comes back within a second at 20 per second");
            await Task.Delay(20);
        }
    }
}
