using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Feeds;

/// <summary>The app with a feed allowance of 3 requests a minute per key.</summary>
public sealed class FeedLimitApp : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        Set("Agri:Feeds:RequestsPerMinute", "3");
        return base.DatabaseAsync();
    }
}

public sealed class FeedRateLimitTests(FeedLimitApp app) : IClassFixture<FeedLimitApp>
{
    [Fact]
    public async Task A_key_pulling_feeds_too_often_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var greedy = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Greedy puller" }));
        var polite = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "tiktok", label = "Polite puller" }));
        for (var i = 0; i < 3; i++)
        {
            (await greedy.GetAsync("/feeds/meta.csv")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var limited = await greedy.GetAsync("/feeds/google-merchant.xml");
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
        (await polite.GetAsync("/feeds/listings.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
