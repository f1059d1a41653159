using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>
/// A query parameter a route does not take is refused naming it (never quietly ignored), on every GET of the app's own
/// OpenAPI document; every parameter the document declares is taken; the public resolver passes over what others append.
/// </summary>
public sealed class QueryParameterTests(AgriApp app, ITestOutputHelper output) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task Every_GET_takes_the_parameters_its_document_declares_and_refuses_any_other()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var operation in operations.Where(o => o.Method == "GET" && Routes.Allowed.ContainsKey(o.Key)))
        {
            var allowed = Routes.Allowed[operation.Key];
            var client = allowed is Roles.Public or Roles.Open ? app.Anonymous()
                : home.Callers.Values.First(c => c.Role != Roles.None && !c.Foreign && allowed.HasFlag(c.Role)).Client;
            var path = home.Fill(operation.Path);

            // Declared ones, left empty (no value): never refused as unknown.
            var declared = string.Join('&', operation.QueryParameters.Select(p => p + "="));
            using (var response = await client.GetAsync(declared.Length == 0 ? path : $"{path}?{declared}"))
            {
                if (await IsUnknownParameterAsync(response))
                {
                    failures.Add($"{operation.Key} refused its own parameters: {declared}");
                }
            }

            using (var response = await client.GetAsync($"{path}?utm_source=qr"))
            {
                var refused = await IsUnknownParameterAsync(response);
                // A resolver path answers (a redirect to a stamp's full path is an answer too).
                if (operation.Path.StartsWith("/01/", StringComparison.Ordinal) ? refused || (int)response.StatusCode >= 400 : !refused)
                {
                    failures.Add($"{operation.Key} with ?utm_source=qr answered {(int)response.StatusCode}");
                }
            }

            checkedRoutes++;
        }

        output.WriteLine($"{checkedRoutes} GET routes checked");
        failures.Should().BeEmpty();
        checkedRoutes.Should().BeGreaterThan(40);
    }

    [Fact]
    public async Task The_trace_pages_and_feeds_keep_their_own_parameters()
    {
        var traced = await app.TracedAsync();
        var unit = await TraceSeed.Get(app.Anonymous(), traced.Unit() + "?lang=en&17=281231&utm_campaign=tet", "text/html");
        unit.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unit.Content.ReadAsStringAsync()).Should().Contain("<html lang=\"en\"");
        var linkset = await TraceSeed.Get(app.Anonymous(), traced.Lot + "?linkType=all", "application/json");
        linkset.StatusCode.Should().Be(HttpStatusCode.OK);
        linkset.Content.Headers.ContentType!.MediaType.Should().Be("application/linkset+json");

        var feed = await (await app.Admin().GetAsync("/feeds/listings.json?limit=5")).Expect(HttpStatusCode.OK);
        var cursor = feed["nextCursor"]!.GetValue<string>();
        await (await app.Admin().GetAsync($"/feeds/listings.json?cursor={Uri.EscapeDataString(cursor)}&limit=5")).Expect(HttpStatusCode.OK);
        var problem = await (await app.Admin().GetAsync("/feeds/listings.json?since=0")).ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
        problem["detail"]!.GetValue<string>().Should().Contain("cursor, limit");
        await (await app.Admin().GetAsync($"/api/v1/lots/{traced.LotId}/stamps?page=1&pageSize=2&size=3")).ExpectProblem(HttpStatusCode.BadRequest, "unknown-query-parameter");
        (await app.Admin().GetAsync($"/api/v1/stamps/{traced.Serials[0]}/qr.svg?size=128")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<bool> IsUnknownParameterAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest
        && (await response.Content.ReadAsStringAsync()).Contains("urn:haiduong-agri:problem:unknown-query-parameter", StringComparison.Ordinal);
}
