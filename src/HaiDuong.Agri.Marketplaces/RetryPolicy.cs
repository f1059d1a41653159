namespace HaiDuong.Agri.Marketplaces;

/// <summary>
/// When to try a failed sync again: exponential backoff from <see cref="RetryOptions.BaseDelay"/> with jitter (so shops that
/// failed together do not retry together), or exactly the marketplace's own <c>Retry-After</c>; never beyond
/// <see cref="RetryOptions.MaxDelay"/>.
/// </summary>
public static class RetryPolicy
{
    /// <param name="failedAttempts">Failures so far (1 after the first failure).</param>
    /// <param name="retryAfter">The marketplace's <c>Retry-After</c>, when it sent one.</param>
    /// <param name="options">Base and maximum delays.</param>
    /// <param name="jitter01">A random number in [0, 1] (the caller's random source keeps this function pure).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan? retryAfter, RetryOptions options, double jitter01)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : Min(asked, options.MaxDelay);
        }

        // In seconds as a double, so a large attempt count caps instead of overflowing TimeSpan.
        var exponential = options.BaseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 62));
        var factor = 0.5 + (0.5 * Math.Clamp(jitter01, 0, 1));
        return TimeSpan.FromSeconds(Math.Min(exponential, options.MaxDelay.TotalSeconds) * factor);
    }

    /// <summary>Whether the job goes to the dead letters instead of being retried.</summary>
    public static bool GiveUp(int failedAttempts, RetryOptions options) => failedAttempts >= options.MaxAttempts;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
