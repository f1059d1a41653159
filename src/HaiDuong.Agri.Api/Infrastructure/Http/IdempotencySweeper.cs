using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// How long an <c>Idempotency-Key</c>'s first answer is kept (<c>Agri:Idempotency:Retention</c>, default 7 days: a phone
/// that was offline for a week still gets its first answer), how often expired ones are removed
/// (<c>SweepInterval</c>, default 1 hour) and how many one statement removes (<c>SweepBatchSize</c>, default 1,000).
/// </summary>
public sealed class IdempotencyOptions
{
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public int SweepBatchSize { get; set; } = 1000;
}

/// <summary>
/// Removes idempotency records older than the retention in the background, a bounded batch at a time, so the table holds
/// about a retention's worth of commands and no sweep holds a long lock. Every instance sweeps; they delete the same rows
/// harmlessly. A record past the retention but not yet swept already counts as gone (see the transaction filter).
/// </summary>
public sealed partial class IdempotencySweeper(IDocumentStore store, IClock clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencySweeper> logger)
    : BackgroundService
{
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection("Agri:Idempotency"))
            .Validate(o => o.Retention > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.SweepBatchSize >= 1,
                "Agri:Idempotency: Retention and SweepInterval must be positive and SweepBatchSize at least 1.")
            .ValidateOnStart();
        services.AddHostedService<IdempotencySweeper>();
    }

    /// <summary>Removes every expired record, a batch at a time; answers how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetCurrentInstant() - Duration.FromTimeSpan(options.Value.Retention);
        var batch = options.Value.SweepBatchSize;
        var removed = 0;
        while (true)
        {
            await using var session = store.LightweightSession();
            var expired = await session.Query<IdempotencyRecord>()
                .Where(r => r.RecordedAt < cutoff)
                .Select(r => r.Id)
                .Take(batch)
                .ToListAsync(ct);
            if (expired.Count == 0)
            {
                return removed;
            }

            var ids = expired.ToArray();
            session.DeleteWhere<IdempotencyRecord>(r => r.Id.IsOneOf(ids));
            await session.SaveChangesAsync(ct);
            removed += ids.Length;
            if (ids.Length < batch)
            {
                return removed;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await SweepAsync(stoppingToken) is > 0 and var removed)
                {
                    LogSwept(logger, removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired idempotency records")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired idempotency records failed; trying again at the next sweep")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
