using System.Diagnostics;
using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Trace;

/// <summary>An app on a given database (a second instance beside another), with settings of its own.</summary>
public sealed class TraceInstance(string connectionString, params (string Key, string Value)[] settings) : AgriApp
{
    protected override Task<string?> DatabaseAsync()
    {
        foreach (var (key, value) in settings)
        {
            Set(key, value);
        }

        return Task.FromResult<string?>(connectionString);
    }

    public static async Task<TraceInstance> StartAsync(string connectionString, params (string Key, string Value)[] settings)
    {
        var app = new TraceInstance(connectionString, settings);
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }
}

/// <summary>Scans counted in batches (group commit) and the lot's trace data cached per instance, with two instances on one database.</summary>
public sealed class TraceScaleTests
{
    private static Task<HttpResponseMessage> Scan(AgriApp app, string path) => TraceSeed.Get(app.Anonymous(), path);

    private static async Task<long> CountAsync(TracedLot traced, int stamp) =>
        (await (await traced.Farm.Cooperative.GetAsync($"/api/v1/lots/{traced.LotId}/stamps")).Expect(HttpStatusCode.OK))["items"]![stamp]!["scanCount"]!.GetValue<long>();

    private static HttpClient Same(AgriApp app, HttpClient client) => app.As(client.DefaultRequestHeaders.Authorization!.Parameter!);

    [Fact]
    public async Task Two_hundred_parallel_scans_of_one_stamp_and_of_fifty_stamps_across_two_instances_count_exactly()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(TraceScaleTests));
        await using var first = await TraceInstance.StartAsync(database);
        await using var second = await TraceInstance.StartAsync(database);
        var traced = await first.TracedAsync(stamps: 50);

        var one = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Scan(i % 2 == 0 ? first : second, traced.Unit(0))));
        one.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await CountAsync(traced, 0)).Should().Be(200);

        var many = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Scan(i % 2 == 0 ? first : second, traced.Unit(i % 50))));
        many.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        var stamps = (await (await traced.Farm.Cooperative.GetAsync($"/api/v1/lots/{traced.LotId}/stamps")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        stamps.Select(s => s!["scanCount"]!.GetValue<long>()).Should().Equal(Enumerable.Range(0, 50).Select(i => i == 0 ? 204L : 4L));

        // The JSON view shows the count and counts nothing.
        var next = await (await TraceSeed.Get(second.Anonymous(), traced.Unit(0), "application/json")).Expect(HttpStatusCode.OK);
        next["scans"]!["count"]!.GetValue<long>().Should().Be(204);
    }

    [Fact]
    public async Task A_change_made_on_one_instance_shows_on_the_other_instances_next_scan()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(TraceScaleTests));
        await using var first = await TraceInstance.StartAsync(database);
        await using var second = await TraceInstance.StartAsync(database);
        var traced = await first.TracedAsync(stamps: 3);

        // Both instances have the lot in memory.
        (await (await TraceSeed.Get(first.Anonymous(), traced.Unit(0), "application/json")).Expect(HttpStatusCode.OK))["recalled"]!.GetValue<bool>().Should().BeFalse();
        (await (await TraceSeed.Get(second.Anonymous(), traced.Unit(0), "application/json")).Expect(HttpStatusCode.OK))["recalled"]!.GetValue<bool>().Should().BeFalse();
        var lotPage = await Scan(first, traced.Lot);
        var etag = lotPage.Headers.ETag!.Tag;

        await (await Same(second, traced.Farm.Cooperative).PostJson($"/api/v1/lots/{traced.LotId}/recall", new { reason = "Dư lượng vượt mức" })).Expect(HttpStatusCode.OK);
        var seen = await (await TraceSeed.Get(first.Anonymous(), traced.Unit(1), "application/json")).Expect(HttpStatusCode.OK);
        seen["recalled"]!.GetValue<bool>().Should().BeTrue();
        seen["recallReason"]!.GetValue<string>().Should().Be("Dư lượng vượt mức");
        (await Scan(first, traced.Lot)).Headers.ETag!.Tag.Should().NotBe(etag, "the lot page changed");

        await (await Same(first, traced.Farm.Cooperative).PostJson($"/api/v1/stamps/{traced.Serials[2]}/void", new { reason = "Tem in hỏng" })).Expect(HttpStatusCode.OK);
        (await Scan(second, traced.Unit(2))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_database_outage_during_a_batch_answers_503_and_loses_or_doubles_no_count()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(TraceScaleTests));
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var app = await TraceInstance.StartAsync(database);
        var traced = await app.TracedAsync(stamps: 2);
        (await Scan(app, traced.Unit(0))).StatusCode.Should().Be(HttpStatusCode.OK);

        await AdminAsync(database, $"alter database \"{name}\" allow_connections false; select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}' and pid <> pg_backend_pid()");
        HttpResponseMessage[] during;
        try
        {
            during = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Scan(app, traced.Unit(0))));
        }
        finally
        {
            await AdminAsync(database, $"alter database \"{name}\" allow_connections true");
        }

        during.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.ServiceUnavailable);
        foreach (var response in during)
        {
            response.Headers.RetryAfter.Should().NotBeNull();
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        // Back up: a client retries what was refused (a pooled connection the outage cut may fail one more batch).
        var counted = 1;
        for (var attempt = 0; attempt < 30 && counted < 11; attempt++)
        {
            var response = await Scan(app, traced.Unit(0));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                counted++;
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            }
        }

        counted.Should().Be(11);
        (await CountAsync(traced, 0)).Should().Be(11, "the scans answered 200 and none of those refused");
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once_and_what_it_held_is_counted()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(TraceScaleTests));
        await using var app = await TraceInstance.StartAsync(
            database, ("Agri:Trace:ScanQueueLimit", "1"), ("Agri:Trace:ScanBatchesInFlight", "1"), ("Agri:Trace:ScanBatchWindow", "00:00:02"));
        var traced = await app.TracedAsync(stamps: 1);
        (await Scan(app, traced.Unit(0))).StatusCode.Should().Be(HttpStatusCode.OK);

        var taken = Scan(app, traced.Unit(0)); // the writer takes it and waits two seconds for more
        await Task.Delay(300);
        var queued = Scan(app, traced.Unit(0)); // waits in the queue: it is full
        await Task.Delay(300);
        var clock = Stopwatch.StartNew();
        var refused = await Scan(app, traced.Unit(0));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "a full queue answers at once");
        await refused.ExpectProblem(HttpStatusCode.ServiceUnavailable, "trace-busy");
        refused.Headers.RetryAfter.Should().NotBeNull();

        (await taken).StatusCode.Should().Be(HttpStatusCode.OK);
        (await queued).StatusCode.Should().Be(HttpStatusCode.OK);
        (await CountAsync(traced, 0)).Should().Be(3);
    }

    [Fact]
    public async Task Stopping_the_app_writes_the_scans_it_queued()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(TraceScaleTests));
        var app = await TraceInstance.StartAsync(database, ("Agri:Trace:ScanBatchesInFlight", "1"), ("Agri:Trace:ScanBatchWindow", "00:00:10"));
        TracedLot traced;
        try
        {
            traced = await app.TracedAsync(stamps: 1);
            var scans = Enumerable.Range(0, 10).Select(_ => Scan(app, traced.Unit(0))).ToList();
            await Task.Delay(500);
            var clock = Stopwatch.StartNew();
            await app.DisposeAsync();
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8), "stopping does not wait out the batch window");
            await Task.WhenAll(scans.Select(async s =>
            {
                try
                {
                    await s;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
                {
                    // The server stopped; the scan's answer may be lost, not its count.
                }
            }));
        }
        finally
        {
            await app.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count from agri.stamp_scans where serial = $1", connection) { Parameters = { new() { Value = traced.Serials[0] } } };
        (await command.ExecuteScalarAsync()).Should().Be(10L);
    }

    private static async Task AdminAsync(string database, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
