using System.Net;
using FluentAssertions;
using HaiDuong.Agri.Api.Demo;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>
/// The demo season loads through the public API (every rule checked by the app, its communes against the shipped register
/// of Hải Phòng, as on a default start) and shows what its JSON says.
/// </summary>
public sealed class DemoSeasonTests(ShippedRegisterApp app) : IClassFixture<ShippedRegisterApp>
{
    [Fact]
    public async Task The_demo_season_loads_through_the_API_and_its_trace_page_resolves()
    {
        var season = DemoSeason.Read();
        var result = await DemoSeason.LoadAsync(app.Anonymous(), AgriApp.AdminKey, AgriApp.PublicBaseUrl);

        result.Requests.Should().BeInRange(100, 300, "the demo stays small");
        result.TraceUrl.Should().StartWith(AgriApp.PublicBaseUrl + "/01/08931234567897/10/VT260605-TL01/21/");
        result.TraceUrl.Should().Be(AgriApp.PublicBaseUrl + result.TracePath);
        var page = await TraceSeed.Get(app.Anonymous(), result.TracePath, "text/html", null);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("Vải thiều Thanh Hà loại 1").And.Contain("Hộ ông Nguyễn Văn Thành")
            .And.Contain("VN-HDOR-0012", "the lot carries its area's growing-area code approved for China")
            .And.Contain("VN-HDPH-0003", "and its cooperative's packing-house code")
            .And.Contain("VG-TH-2026-0086", "the lychee areas' VietGAP certificate held on the harvest dates")
            .And.Contain("Xã Thanh Hà (10813)").And.Contain("Thành phố Hải Phòng (31)");

        var households = season.Cooperatives.SelectMany(c => c.Households).ToList();
        result.Households.Should().HaveCount(households.Count);
        var lots = households.SelectMany(h => h.GrowingAreas).SelectMany(a => a.Batches).SelectMany(b => b.Lots).ToList();
        result.Lots.Should().HaveCount(lots.Count);
        foreach (var (id, lot) in result.Lots)
        {
            var view = await (await app.Admin().GetAsync($"/api/v1/lots/{id}")).Expect(HttpStatusCode.OK);
            view["unitCount"]!.GetValue<int>().Should().Be(lot.UnitCount);
            view["stampsIssued"]!.GetValue<int>().Should().Be(lot.Stamps);
            view["lotCode"]!.GetValue<string>().Should().Be(lot.LotCode);
            view["market"]?.GetValue<string>().Should().Be(lot.Market);
            if (lot.Market is "china" or "japan")
            {
                view["growingAreaCodes"]!.AsArray().Should().ContainSingle().Which!.GetValue<string>().Should().StartWith("VN-HDOR-");
                view["packingHouseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("VN-HDPH-0003");
            }
        }

        result.Listings.Should().HaveCount(lots.Sum(l => l.Listings.Count)).And.HaveCountGreaterThan(3);
        foreach (var (id, listing, cooperativeKey) in result.Listings)
        {
            var sold = listing.Orders.Sum(o => o.Quantity);
            var view = await (await app.As(cooperativeKey).GetAsync($"/api/v1/listings/{id}")).Expect(HttpStatusCode.OK);
            view["sold"]!.GetValue<int>().Should().Be(sold);
            view["stock"]!.GetValue<int>().Should().Be(listing.Stock - sold);
        }

        // What --demo prints: every id it made, each lot's trace link, the desk and the dashboard, and keys that sign in there.
        var printed = string.Join('\n', DemoSeason.Describe(result, AgriApp.PublicBaseUrl, "http://localhost:5000/", AgriApp.AdminKey));
        printed.Should().Contain("http://localhost:5000/desk").And.Contain("http://localhost:5000/dashboard")
            .And.Contain(result.OfficialKey).And.Contain(result.TraceUrl).And.NotContain(AgriApp.AdminKey);
        result.Cooperatives.Should().HaveCount(season.Cooperatives.Count);
        foreach (var (id, cooperative, key) in result.Cooperatives)
        {
            printed.Should().Contain($"{cooperative.Name}: id {id}, key {key}");
            var members = await (await app.As(key).GetAsync("/api/v1/households?pageSize=200")).Expect(HttpStatusCode.OK);
            members["items"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()).Should().BeEquivalentTo(cooperative.Households.Select(h => h.Name));
        }

        foreach (var (id, household) in result.Households)
        {
            printed.Should().Contain($"{household.Name} ({household.CommuneCode}): id {id}");
        }

        result.LotTracePaths.Should().HaveCount(result.Lots.Count);
        foreach (var (id, lot) in result.Lots)
        {
            var link = AgriApp.PublicBaseUrl + result.LotTracePaths[id];
            printed.Should().Contain($"{lot.LotCode} ({lot.ProductName}, {lot.Stamps} stamps): id {id}, {link}");
            (await TraceSeed.Get(app.Anonymous(), result.LotTracePaths[id], "application/json", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The official's key reads the statistics and nothing personal.
        var official = app.As(result.OfficialKey);
        await (await official.GetAsync("/api/v1/stats")).Expect(HttpStatusCode.OK);
        (await official.GetAsync("/api/v1/households")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        foreach (var (id, household) in result.Households)
        {
            var onboarding = await (await app.Admin().GetAsync($"/api/v1/households/{id}/onboarding")).Expect(HttpStatusCode.OK);
            var listings = household.GrowingAreas.SelectMany(a => a.Batches).SelectMany(b => b.Lots).SelectMany(l => l.Listings).ToList();
            var stage = listings.Any(l => l.Orders.Count > 0) ? "selling"
                : listings.Count > 0 ? "listed"
                : household.ShopId is not null ? "account-linked"
                : "trained";
            onboarding["stage"]!.GetValue<string>().Should().Be(stage);
            onboarding["trained"]!.GetValue<string>().Should().Be(household.Training.Min(t => t.CompletedOn));
        }
    }
}
