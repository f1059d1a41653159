using FluentAssertions;
using HaiDuong.Agri.Marketplaces;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class RetryPolicyTests
{
    private static readonly RetryOptions Defaults = new();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void The_first_retry_comes_within_two_seconds_with_jitter_between_half_and_all_of_the_base(double jitter)
    {
        var delay = RetryPolicy.Delay(1, null, Defaults, jitter);

        delay.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        delay.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Later_retries_double_with_the_same_jitter()
    {
        var delays = Enumerable.Range(1, 6).Select(n => RetryPolicy.Delay(n, null, Defaults, 0.3)).ToList();

        delays.Zip(delays.Skip(1)).Should().OnlyContain(pair => pair.Second == pair.First * 2);
    }

    [Fact]
    public void Delays_never_exceed_the_maximum_even_after_many_failures()
    {
        foreach (var attempts in new[] { 10, 20, 64, 1000, int.MaxValue })
        {
            RetryPolicy.Delay(attempts, null, Defaults, 1.0).Should().Be(Defaults.MaxDelay);
            RetryPolicy.Delay(attempts, null, Defaults, 0.0).Should().Be(Defaults.MaxDelay / 2);
        }
    }

    [Fact]
    public void Retry_After_from_the_marketplace_is_waited_exactly_but_still_capped()
    {
        RetryPolicy.Delay(1, TimeSpan.FromSeconds(7), Defaults, 0.0).Should().Be(TimeSpan.FromSeconds(7));
        RetryPolicy.Delay(5, TimeSpan.FromSeconds(3), Defaults, 1.0).Should().Be(TimeSpan.FromSeconds(3));
        RetryPolicy.Delay(1, TimeSpan.FromHours(2), Defaults, 0.5).Should().Be(Defaults.MaxDelay);
        RetryPolicy.Delay(1, TimeSpan.FromSeconds(-5), Defaults, 0.5).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Three_failures_in_a_row_wait_well_under_a_minute_in_total()
    {
        var total = Enumerable.Range(1, 3).Aggregate(TimeSpan.Zero, (sum, n) => sum + RetryPolicy.Delay(n, null, Defaults, 1.0));

        total.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Gives_up_after_the_maximum_number_of_attempts()
    {
        RetryPolicy.GiveUp(Defaults.MaxAttempts - 1, Defaults).Should().BeFalse();
        RetryPolicy.GiveUp(Defaults.MaxAttempts, Defaults).Should().BeTrue();
    }
}
