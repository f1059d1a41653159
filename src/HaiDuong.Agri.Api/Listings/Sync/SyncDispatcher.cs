using System.Security.Cryptography;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Observability;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace HaiDuong.Agri.Api.Listings.Sync;

/// <summary>How the dispatcher works the ledger (<c>Marketplaces:Sync</c>).</summary>
public sealed class SyncOptions
{
    /// <summary>How often an idle dispatcher looks for due rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a claimed row stays with its dispatcher; a crashed node's rows come back after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows pushed at once by one instance.</summary>
    public int Workers { get; set; } = 8;
}

/// <summary>
/// Pushes due ledger rows to their marketplaces (on every instance; each row is leased to one at a time) and records each
/// outcome on the listing's stream together with the ledger row, in one transaction. The operation follows from the
/// listing's current state, so a push always carries the latest price and stock (absolute values): create when the
/// marketplace never confirmed one, delist when the listing is delisted, else update.
/// </summary>
public sealed class SyncDispatcher(
    NpgsqlDataSource dataSource,
    IDocumentStore store,
    IServiceScopeFactory scopes,
    ShopRateLimits rateLimits,
    MarketplaceTokens tokens,
    PublicLinks links,
    IClock clock,
    IOptions<MarketplaceOptions> marketplaceOptions,
    IOptions<SyncOptions> syncOptions,
    AgriMetrics metrics,
    ILogger<SyncDispatcher> logger) : BackgroundService
{
    private readonly string node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>The version of <see cref="ListingPublished"/>: a listing stream's first event.</summary>
    private const long PublishedVersion = 1;
    private const int RecordAttempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = syncOptions.Value;
        using var slots = new SemaphoreSlim(options.Workers);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                await slots.WaitAsync(stoppingToken);
                var free = slots.CurrentCount + 1;
                var jobs = await SyncLedger.ClaimAsync(dataSource, node, options.Lease, free, stoppingToken);
                if (jobs.Count == 0)
                {
                    slots.Release();
                    await Task.Delay(options.PollInterval, stoppingToken);
                    continue;
                }

                for (var i = 0; i < jobs.Count; i++)
                {
                    if (i > 0)
                    {
                        await slots.WaitAsync(stoppingToken);
                    }

                    var job = jobs[i];
                    running.Add(Task.Run(
                        async () =>
                        {
                            try
                            {
                                await RunAsync(job, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        },
                        CancellationToken.None));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is away (or the schema not yet created): nothing was claimed; look again shortly.
                logger.LogWarning(e, "Marketplace sync could not read the ledger; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(running);
    }

    private async Task RunAsync(SyncJob job, CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            var listing = await session.LoadAsync<ListingDetails>(job.ListingId, stoppingToken);
            var account = await session.LoadAsync<MarketplaceAccount>(job.AccountId, stoppingToken);
            if (listing is null || account is null)
            {
                await SyncLedger.ReleaseAsync(dataSource, job);
                return;
            }

            var operation = listing.Status == ListingStatus.Delisted ? SyncOperation.Delist
                : job.Created ? SyncOperation.Update
                : SyncOperation.Create;
            SyncOutcome? outcome;
            try
            {
                outcome = await PushAsync(session, job, listing, account, operation, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Nothing an adapter classifies, so counted as a transient failure: retried with backoff, then dead-lettered.
                logger.LogError(e, "Marketplace sync of listing {ListingId} to {Marketplace} failed unexpectedly", job.ListingId, job.Marketplace);
                outcome = new SyncFailed(SyncFailureKind.Retryable, $"Internal error ({e.GetType().Name}): {e.Message}");
            }

            if (outcome is null)
            {
                await session.SaveChangesAsync(CancellationToken.None);
                return;
            }

            await RecordOutcomeAsync(job, listing, account, operation, outcome);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-push: the lease runs out and the row is tried again (find-or-create makes that safe).
        }
        catch (Exception e)
        {
            // The outcome could not be recorded (the database went away): the lease runs out and the row is tried again.
            logger.LogError(e, "Marketplace sync of listing {ListingId} to {Marketplace} could not record its outcome", job.ListingId, job.Marketplace);
        }
    }

    /// <summary>
    /// Records the push's outcome in a transaction of its own, again when a deadlock with a seller's command on the same
    /// listing rolled it back (the push itself is not repeated).
    /// </summary>
    private async Task RecordOutcomeAsync(SyncJob job, ListingDetails listing, MarketplaceAccount account, SyncOperation operation, SyncOutcome outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var recording = store.LightweightSession();
                if (await RecordAsync(recording, job, listing, account, operation, outcome))
                {
                    await recording.SaveChangesAsync(CancellationToken.None);
                }

                break;
            }
            catch (Exception e) when (attempt < RecordAttempts && ProblemExceptionHandler.IsTransientConflict(e))
            {
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, CancellationToken.None);
            }
        }
    }

    /// <summary>The marketplace's answer, or null when the row was only put back (rate limited).</summary>
    private async Task<SyncOutcome?> PushAsync(
        IDocumentSession session, SyncJob job, ListingDetails listing, MarketplaceAccount account, SyncOperation operation, CancellationToken ct)
    {
        if (account.Status == AccountStatus.NeedsReauthorization)
        {
            return new SyncFailed(SyncFailureKind.Auth, $"The {ListingDecisions.Name(job.Marketplace)} account needs re-authorisation: {account.StatusReason}");
        }

        if (operation == SyncOperation.Delist && !job.Created && !job.CreateSent)
        {
            // No create was ever sent there: there is nothing to take down.
            return new SyncSucceeded(null);
        }

        if (!rateLimits.TryAcquire(job.Marketplace, account.ShopId, out var wait))
        {
            SyncLedger.RetryLater(session, job, wait, error: null, failed: false);
            return null;
        }

        ShopCredentials credentials;
        try
        {
            credentials = tokens.Open(account, await session.LoadAsync<MarketplaceCredentials>(account.Id, ct));
        }
        catch (CryptographicException)
        {
            return new SyncFailed(SyncFailureKind.Auth, "The stored tokens can no longer be decrypted: link the account again.");
        }

        await using var scope = scopes.CreateAsyncScope(); // typed HTTP clients are short-lived: their handlers rotate
        var adapter = scope.ServiceProvider.GetServices<IMarketplaceAdapter>().Single(a => a.Marketplace == job.Marketplace);
        var snapshot = Snapshot(listing);
        var createKey = StableId.From($"create:{job.ListingId:N}:{job.Marketplace}");
        SyncRequest Request(SyncOperation op, string? externalId) =>
            new(snapshot, credentials, op, externalId, DeliveryId(job, op, listing.ChangeVersion).ToString(), createKey);

        if (operation == SyncOperation.Create && !job.CreateSent)
        {
            await SyncLedger.MarkCreateSentAsync(dataSource, job, ct);
        }

        if (operation == SyncOperation.Delist && !job.Created && job.Marketplace == Marketplace.Tiktok)
        {
            // A create was sent but never confirmed, and TikTok cannot be searched: the same idempotency key answers the
            // product it made (if any), which is then taken down.
            if (await adapter.SyncAsync(Request(SyncOperation.Create, null), ct) is not SyncSucceeded { ExternalId: { } made })
            {
                return new SyncFailed(SyncFailureKind.Retryable, "TikTok did not confirm the product to take down; trying again.");
            }

            return await adapter.SyncAsync(Request(SyncOperation.Delist, made), ct) is SyncSucceeded
                ? new SyncSucceeded(made)
                : new SyncFailed(SyncFailureKind.Retryable, "TikTok did not take the product down; trying again.");
        }

        return await adapter.SyncAsync(Request(operation, job.ExternalId), ct);
    }

    /// <summary>
    /// Appends the outcome to the listing's stream under the stream's row lock (a seller's command racing with it retries
    /// on the new version instead of either write being lost), if this node still holds the row's lease (else another
    /// node took the row over and records its own outcome). False when nothing is to be saved.
    /// </summary>
    private async Task<bool> RecordAsync(
        IDocumentSession session, SyncJob job, ListingDetails listing, MarketplaceAccount account, SyncOperation operation, SyncOutcome outcome)
    {
        var stream = await session.Events.FetchForExclusiveWriting<ListingDetails>(job.ListingId, CancellationToken.None);
        if (!await SyncLedger.StillLeasedAsync(session.Connection!, job, node))
        {
            return false;
        }

        var now = clock.GetCurrentInstant();
        var attempts = job.Attempts + 1;
        var retry = marketplaceOptions.Value.Retry;
        switch (outcome)
        {
            case SyncSucceeded success:
                // A create that may repeat an earlier unconfirmed one (TikTok's idempotency key, the webhook's delivery id)
                // may have left the first content there: count it as the published version, so an update follows.
                var shown = operation == SyncOperation.Create && job.CreateSent && job.Marketplace is Marketplace.Tiktok or Marketplace.Webhook
                    ? PublishedVersion
                    : listing.ChangeVersion;
                stream.AppendOne(new ListingSynced(job.Marketplace, operation, success.ExternalId ?? job.ExternalId, shown, attempts, now));
                SyncLedger.Succeeded(session, job, shown, success.ExternalId, created: operation == SyncOperation.Create || success.ExternalId is not null);
                break;
            case SyncFailed { Kind: SyncFailureKind.Retryable } failure when !RetryPolicy.GiveUp(attempts, retry):
                stream.AppendOne(new ListingSyncFailed(job.Marketplace, operation, SyncFailureKind.Retryable, failure.Reason, attempts, now));
                SyncLedger.RetryLater(session, job, RetryPolicy.Delay(attempts, failure.RetryAfter, retry, Random.Shared.NextDouble()), failure.Reason, failed: true);
                break;
            case SyncFailed { Kind: SyncFailureKind.Auth } failure:
                var accountStream = await session.Events.FetchForExclusiveWriting<MarketplaceAccount>(account.Id, CancellationToken.None);
                if (accountStream.Aggregate!.Version != account.Version)
                {
                    // The account was linked again during the push: try at once with the new tokens.
                    SyncLedger.RetryLater(session, job, TimeSpan.Zero, failure.Reason, failed: false);
                    break;
                }

                stream.AppendOne(new ListingSyncFailed(job.Marketplace, operation, SyncFailureKind.Auth, failure.Reason, attempts, now));
                SyncLedger.Park(session, job, failure.Reason);
                metrics.TokenRefused(ListingDecisions.Name(job.Marketplace));
                if (account.Status == AccountStatus.Active)
                {
                    accountStream.AppendOne(new MarketplaceAccountNeedsReauthorization(account.Id, failure.Reason, now));
                }

                break;
            case SyncFailed failure:
                var reason = failure.Kind == SyncFailureKind.Retryable ? $"Gave up after {attempts} attempts: {failure.Reason}" : failure.Reason;
                stream.AppendOne(new ListingSyncFailed(job.Marketplace, operation, SyncFailureKind.Permanent, reason, attempts, now));
                SyncLedger.Bury(session, job, Guid.CreateVersion7(), operation, reason);
                break;
        }

        return true;
    }

    private ListingSnapshot Snapshot(ListingDetails l) => new(
        l.Id, l.ChangeVersion, l.SellerSku, l.Title, l.Description, l.PriceVnd, l.Stock, l.ImageUrls, l.Gtin, l.LotCode, l.ProductName,
        l.NetWeightGrams, l.SellerName, links.ForLot(l.Gtin, l.LotCode), l.Status == ListingStatus.Delisted);

    /// <summary>The webhook delivery id: the same on every retry of the same content (the publication, an update's version, the delisting).</summary>
    private static Guid DeliveryId(SyncJob job, SyncOperation operation, long version) => StableId.From(operation switch
    {
        SyncOperation.Create => $"delivery:{job.ListingId:N}:{job.Marketplace}:published",
        SyncOperation.Delist => $"delivery:{job.ListingId:N}:{job.Marketplace}:delisted",
        _ => $"delivery:{job.ListingId:N}:{job.Marketplace}:updated:{version}",
    });
}
