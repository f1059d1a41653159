using System.Diagnostics;
using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Batches;

/// <summary>The app keeping idempotency records one minute (7 days by default) and sweeping every 200 ms.</summary>
public sealed class ShortIdempotencyApp : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        Set("Agri:Idempotency:Retention", "00:01:00");
        Set("Agri:Idempotency:SweepInterval", "00:00:00.200");
        Set("Agri:Idempotency:SweepBatchSize", "1");
        return base.DatabaseAsync();
    }
}

public sealed class IdempotencyRetentionTests(ShortIdempotencyApp app) : IClassFixture<ShortIdempotencyApp>
{
    private async Task<int> RecordsAsync()
    {
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<IdempotencyRecord>().CountAsync();
    }

    [Fact]
    public async Task A_key_is_replayed_within_the_retention_new_again_after_it_and_expired_records_are_swept_in_batches()
    {
        var admin = app.Admin();
        static (string, string) Key(string value) => ("Idempotency-Key", value);
        var body = new { name = "HTX Nông nghiệp Thanh Xá", provinceCode = "31", communeCode = "11059" };
        var first = await (await admin.PostJson("/api/v1/cooperatives", body, Key("coop-a"))).Expect(HttpStatusCode.Created);
        var replay = await admin.PostJson("/api/v1/cooperatives", body, Key("coop-a"));
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await replay.Expect(HttpStatusCode.Created)).Id().Should().Be(first.Id());
        for (var i = 0; i < 3; i++)
        {
            await (await admin.PostJson("/api/v1/cooperatives", body, Key($"coop-b-{i}"))).Expect(HttpStatusCode.Created);
        }

        app.Clock.Advance(Duration.FromMinutes(2));
        var again = await admin.PostJson("/api/v1/cooperatives", body, Key("coop-a"));
        again.Headers.Contains("Idempotent-Replayed").Should().BeFalse("the first answer is past the retention");
        (await again.Expect(HttpStatusCode.Created)).Id().Should().NotBe(first.Id());

        // The three older records go one statement at a time; the renewed one stays.
        var waited = Stopwatch.StartNew();
        while (await RecordsAsync() > 1 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        (await RecordsAsync()).Should().Be(1);
        var renewed = await admin.PostJson("/api/v1/cooperatives", body, Key("coop-a"));
        renewed.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
    }
}
