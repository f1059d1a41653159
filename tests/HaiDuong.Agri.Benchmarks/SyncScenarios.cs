using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// Marketplace sync latency: listings published one after another through the API, each timed from its 201 until a
/// webhook receiver on loopback (a real Kestrel server) gets its <c>listing.published</c> delivery — the whole path of
/// event, async daemon subscription, ledger, dispatcher and signed HTTP push. Reports the median and the slowest.
/// </summary>
public static class SyncScenarios
{
    private static readonly int Listings = Scale.Of(50);

    public static Task<IReadOnlyList<Row>> RunAsync() =>
        BenchDatabase.RunAsync(async (connectionString, _, ct) => [await MeasureAsync(connectionString, Listings, ct)]);

    private static async Task<Row> MeasureAsync(string connectionString, int listings, CancellationToken ct)
    {
        var received = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        var receiverPort = BenchApi.FreeLoopbackPort();
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.Logging.ClearProviders();
        receiverBuilder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{receiverPort}");
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/hook", async (HttpContext http) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var sku = body.RootElement.GetProperty("listing").GetProperty("sellerSku").GetString()!;
            received.GetOrAdd(sku, _ => new TaskCompletionSource<long>()).TrySetResult(now);
            return Results.Ok();
        });
        await receiver.StartAsync(ct);

        await using var app = new BenchApp(connectionString, BenchApi.FreeLoopbackPort(), new Dictionary<string, string?>
        {
            ["Marketplaces:Webhook:Url"] = $"http://127.0.0.1:{receiverPort}/hook",
            ["Marketplaces:Webhook:Secret"] = "benchmark-webhook-secret",
        });
        app.StartServer();
        using var admin = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminKey);
        var lot = await BenchApi.SeedLotAsync(admin, "8931234567897", "BENCH-SYNC", "Vải thiều Thanh Hà loại 1", listings, ct);
        using var cooperative = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var key = (await BenchApi.PostAsync(admin, "/api/v1/api-keys", new { role = "cooperative", cooperativeId = lot.CooperativeId, label = "bench" }, ct))["key"]!.GetValue<string>();
        cooperative.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await BenchApi.PostAsync(cooperative, $"/api/v1/households/{lot.HouseholdId}/marketplace-accounts", new { marketplace = "webhook", shopId = "bench-shop" }, ct);

        var latencies = new List<double>();
        for (var i = 0; i < listings; i++)
        {
            var listing = await BenchApi.PostAsync(cooperative, "/api/v1/listings", new
            {
                lotId = lot.LotId,
                title = $"Vải thiều Thanh Hà #{i}",
                priceVnd = 45000,
                stock = 1,
                imageUrls = Array.Empty<string>(),
                marketplaces = new[] { "webhook" },
            }, ct);
            var published = Stopwatch.GetTimestamp();
            var sku = listing["sellerSku"]!.GetValue<string>();
            var arrived = await received.GetOrAdd(sku, _ => new TaskCompletionSource<long>()).Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            latencies.Add(Stopwatch.GetElapsedTime(published, arrived).TotalMilliseconds);
        }

        await receiver.StopAsync(ct);
        var median = BenchApi.Median(latencies);
        return new Row(
            "sync (listing → webhook)",
            Row.Invariant($"median {median:0} ms"),
            "—",
            "—",
            "report",
            true,
            Row.Invariant($"{listings} listings one after another; slowest {latencies.Max():0} ms, fastest {latencies.Min():0} ms"));
    }
}
