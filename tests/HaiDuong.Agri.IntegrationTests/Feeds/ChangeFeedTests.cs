using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;

namespace HaiDuong.Agri.IntegrationTests.Feeds;

public sealed class ChangeFeedTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task The_change_feed_gives_each_change_once_after_its_cursor_and_answers_304_to_a_current_etag()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        var first = await (await lot.PublishAsync(5, "webhook")).Expect(HttpStatusCode.Created);
        var second = await (await lot.PublishAsync(6, "webhook")).Expect(HttpStatusCode.Created);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);

        var google = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Google pull" }));
        var all = await google.GetAsync("/feeds/listings.json");
        var page = await all.Expect(HttpStatusCode.OK);
        page["items"]!.AsArray().Select(i => i!.Id()).Should().Equal(first.Id(), second.Id());
        page["items"]![0]!["link"]!.GetValue<string>().Should().Be($"{AgriApp.PublicBaseUrl}/01/08931234567897/10/{lot.LotCode}");
        page["items"]![0]!["gtin"]!.GetValue<string>().Should().Be("08931234567897");
        var cursor = page["nextCursor"]!.GetValue<string>();

        var again = await google.Send(HttpMethod.Get, "/feeds/listings.json", null, ("If-None-Match", all.ETag()));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await (await google.GetAsync($"/feeds/listings.json?cursor={cursor}")).Expect(HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        await (await lot.Farm.Cooperative.PostJson($"/api/v1/listings/{first.Id()}/price", new { priceVnd = 52000 })).Expect(HttpStatusCode.OK);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var changed = await (await google.GetAsync($"/feeds/listings.json?cursor={cursor}")).Expect(HttpStatusCode.OK);
        changed["items"]!.AsArray().Should().ContainSingle().Which!["priceVnd"]!.GetValue<long>().Should().Be(52000);
        changed["nextCursor"]!.GetValue<string>().Should().NotBe(cursor);
    }

    [Fact]
    public async Task Feeds_are_for_marketplaces_and_admins_and_refuse_a_forged_cursor()
    {
        var farm = await app.FarmAsync();
        (await farm.Household.GetAsync("/feeds/listings.json")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync("/feeds/meta.csv")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await (await app.Admin().GetAsync("/feeds/listings.json?cursor=bm90LWEtY3Vyc29y")).ExpectFieldErrors("cursor");
        await (await app.Admin().GetAsync("/feeds/listings.json?limit=5000")).ExpectFieldErrors("limit");
    }
}
