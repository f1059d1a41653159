using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.IntegrationTests.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.Desk;

/// <summary>
/// The cooperative desk's pages and form actions held to <see cref="Routes.DeskPages"/>: only a cooperative's session
/// uses them, another cooperative's objects are not found, forms need the anti-forgery token, and a missing session is
/// sent to the sign-in page.
/// </summary>
public sealed class DeskSecurityTests(AgriApp app, ITestOutputHelper output) : IClassFixture<AgriApp>
{
    [Fact]
    public void Every_desk_route_is_classified()
    {
        var routes = DeskRoutes();
        routes.Should().NotBeEmpty();
        routes.Except(Routes.DeskPages.Keys).Should().BeEmpty("every desk page and form action must be classified in Routes.DeskPages");
        Routes.DeskPages.Keys.Except(routes).Should().BeEmpty("Routes.DeskPages lists only routes that exist");
    }

    [Fact]
    public async Task Only_the_cooperative_uses_the_desk_and_another_cooperative_finds_nothing_of_it()
    {
        var home = await DeskFarm.SeedAsync(app);
        var sessions = new Dictionary<string, (Roles Role, bool Foreign, DeskSession Session)>(StringComparer.Ordinal)
        {
            ["cooperative"] = (Roles.Cooperative, false, home.Office),
            ["foreign cooperative"] = (Roles.Cooperative, true, await SessionAsync(new { role = "cooperative", cooperativeId = await app.CooperativeAsync("HTX Kim Thành"), label = "foreign HTX" })),
            ["household"] = (Roles.Household, false, await SessionAsync(new { role = "household", householdId = home.Traced.Farm.HouseholdId, label = "phone" })),
            ["official"] = (Roles.Official, false, await SessionAsync(new { role = "official", label = "Sở NN&PTNT" })),
            ["marketplace"] = (Roles.Marketplace, false, await SessionAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" })),
            ["admin"] = (Roles.Admin, false, await DeskSession.SignInAsync(app, AgriApp.AdminKey)),
        };

        var failures = new List<string>();
        var checks = 0;
        foreach (var (route, allowed) in Routes.DeskPages.OrderBy(r => r.Key.Contains("sign-out", StringComparison.Ordinal)))
        {
            var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
            var path = home.Fill(template);
            if (allowed is Roles.Public or Roles.Open)
            {
                continue;
            }

            // No session: to the sign-in page, coming back here afterwards.
            var anonymous = await Send(app.Anonymous(), method, path, home.ValidForm(template), null);
            checks++;
            if (anonymous.StatusCode != HttpStatusCode.SeeOther || anonymous.Headers.Location?.OriginalString.StartsWith("/sign-in?", StringComparison.Ordinal) != true)
            {
                failures.Add($"{route} without a session: {(int)anonymous.StatusCode} {anonymous.Headers.Location}, expected 303 to /sign-in");
            }

            foreach (var (name, (role, foreign, session)) in sessions)
            {
                if (route == "POST /desk/sign-out")
                {
                    continue;
                }

                var response = await Send(session.Client, method, path, home.ValidForm(template), session.Csrf);
                var status = (int)response.StatusCode;
                checks++;
                var verdict = (allowed & role) == 0 ? (status == 403 ? null : "expected 403 for a role the desk does not serve")
                    : foreign && template.Contains("{id", StringComparison.Ordinal) ? (status == 404 ? null : "expected 404 for the home cooperative's object")
                    : status is >= 200 and < 400 ? null : "expected the cooperative's own desk to answer";
                if (verdict is not null)
                {
                    failures.Add($"{route} as {name}: {status} — {verdict}");
                }

                if (method == "POST" && (allowed & role) != 0 && !foreign)
                {
                    var forged = await Send(session.Client, method, path, home.ValidForm(template), null);
                    checks++;
                    if (forged.StatusCode != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{route} as {name} without the anti-forgery token: {(int)forged.StatusCode}, expected 403");
                    }
                }
            }
        }

        // Another cooperative's pages show none of the home cooperative's households, lots or listings.
        var foreignDesk = sessions["foreign cooperative"].Session;
        foreach (var page in new[] { "/desk/members", "/desk/harvests", "/desk/listings", "/desk/orders" })
        {
            var html = await foreignDesk.PageAsync(page);
            html.Should().NotContain(home.HouseholdName).And.NotContain(home.Traced.LotCode).And.NotContain(home.ListingId);
            var own = await home.Office.PageAsync(page);
            own.Should().Contain(page == "/desk/orders" ? "Đơn hàng từ các sàn" : home.HouseholdName);
            checks += 2;
        }

        // Signing out ends the session: the desk sends the browser to sign in again.
        var signOut = await home.Office.PostFormAsync("/desk/sign-out");
        signOut.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        var after = await home.Office.Client.GetAsync("/desk/members");
        after.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        after.Headers.Location!.OriginalString.Should().Be("/sign-in?ended=true&returnUrl=%2Fdesk%2Fmembers");

        output.WriteLine($"Desk matrix: {checks} calls checked");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/desk/members", "/desk/members")]
    [InlineData("/dashboard?communeCode=10813", "/dashboard?communeCode=10813")]
    [InlineData("https://evil.example/desk", "/desk")]
    [InlineData("//evil.example/desk", "/desk")]
    [InlineData("/api/v1/api-keys", "/desk")]
    [InlineData("/deskevil", "/desk")]
    [InlineData("/desk\\..\\x", "/desk")]
    public async Task Signing_in_returns_only_to_a_desk_or_dashboard_page(string returnUrl, string expected)
    {
        var key = await app.KeyAsync(new { role = "cooperative", cooperativeId = await app.CooperativeAsync(), label = "desk" });
        var signIn = await app.Anonymous().PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = returnUrl }));
        signIn.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        signIn.Headers.Location!.OriginalString.Should().Be(expected);
    }

    [Fact]
    public async Task A_wrong_key_shows_the_sign_in_form_again_in_Vietnamese()
    {
        var signIn = await app.Anonymous().PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "agri_wrong", ["returnUrl"] = "/desk/harvests" }));
        signIn.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var html = await signIn.Content.ReadAsStringAsync();
        html.Should().Contain("Khoá không đúng, đã bị thu hồi hoặc hết hạn").And.Contain("value=\"/desk/harvests\"");
        signIn.Headers.Contains("Set-Cookie").Should().BeFalse();
        signIn.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        signIn.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("form-action 'self'").And.Contain("script-src 'self'");
    }

    [Fact]
    public async Task A_refused_form_comes_back_with_the_problems_in_Vietnamese_beside_the_fields_and_what_was_typed()
    {
        var home = await DeskFarm.SeedAsync(app);
        var response = await home.Office.PostFormAsync("/desk/members", new Dictionary<string, string>
        {
            ["name"] = "Phạm Thị Hoa",
            ["phone"] = "12ab",
            ["communeCode"] = "",
            ["address"] = "Thôn Đông",
        });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("Số điện thoại phải có 8 đến 15 chữ số").And.Contain("Cần điền mục này.")
            .And.Contain("value=\"Phạm Thị Hoa\"").And.Contain("value=\"12ab\"").And.Contain("value=\"Thôn Đông\"");

        // Packing more than the harvest left: the domain's refusal (409 packed-exceeds-harvest), said in Vietnamese.
        var tooMuch = await home.Office.PostFormAsync($"/desk/harvests/{home.BatchId}/lots", new Dictionary<string, string>
        {
            ["productName"] = "Vải thiều",
            ["gtin"] = "8931234567897",
            ["packedOn"] = "2026-06-30",
            ["unitCount"] = "100000",
            ["netWeightGrams"] = "1000",
        });
        tooMuch.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await tooMuch.Content.ReadAsStringAsync()).Should().Contain("Khối lượng đóng gói vượt quá sản lượng thu hoạch còn lại").And.Contain("value=\"100000\"");
    }

    [Fact]
    public async Task A_price_form_filled_in_before_another_change_is_refused_not_written_over_it()
    {
        var home = await DeskFarm.SeedAsync(app);
        var page = await home.Office.PageAsync("/desk/listings");
        var version = System.Text.RegularExpressions.Regex.Match(
            page, $"action=\"/desk/listings/{home.ListingId}/price\"[^>]*>\\s*<input [^>]*>\\s*<input type=\"hidden\" name=\"version\" value=\"(\\d+)\"");
        version.Success.Should().BeTrue("the price form carries the listing's version");

        // Someone else changes the price meanwhile (the API, another desk).
        await (await home.Traced.Farm.Cooperative.PostJson($"/api/v1/listings/{home.ListingId}/price", new { priceVnd = 61000 })).Expect(HttpStatusCode.OK);

        var stale = await home.Office.PostFormAsync($"/desk/listings/{home.ListingId}/price", new Dictionary<string, string> { ["priceVnd"] = "48000", ["version"] = version.Groups[1].Value });
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("Dữ liệu vừa được người khác thay đổi: hãy xem lại rồi gửi lại.").And.Contain("value=\"48000\"");
        (await (await home.Traced.Farm.Cooperative.GetAsync($"/api/v1/listings/{home.ListingId}")).Expect(HttpStatusCode.OK))["priceVnd"]!.GetValue<long>().Should().Be(61000);

        // Sent again from the page as it now stands, it is written.
        var fresh = System.Text.RegularExpressions.Regex.Match(
            await home.Office.PageAsync("/desk/listings"), $"action=\"/desk/listings/{home.ListingId}/stock\"[^>]*>\\s*<input [^>]*>\\s*<input type=\"hidden\" name=\"version\" value=\"(\\d+)\"");
        fresh.Groups[1].Value.Should().NotBe(version.Groups[1].Value);
        var stock = await home.Office.PostFormAsync($"/desk/listings/{home.ListingId}/stock", new Dictionary<string, string> { ["stock"] = "8", ["version"] = fresh.Groups[1].Value });
        stock.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        (await (await home.Traced.Farm.Cooperative.GetAsync($"/api/v1/listings/{home.ListingId}")).Expect(HttpStatusCode.OK))["stock"]!.GetValue<int>().Should().Be(8);
    }

    [Fact]
    public async Task The_orders_page_shows_every_marketplaces_orders_newest_first_and_each_recalls_delisting()
    {
        var home = await DeskFarm.SeedAsync(app);
        var postmart = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        foreach (var (id, at) in new[] { ("PM-7001", "2026-06-20T02:00:00Z"), ("PM-7002", "2026-06-28T09:30:00Z") })
        {
            await (await postmart.PostJson("/api/v1/marketplace/orders", new { marketplace = "webhook", externalOrderId = id, listingId = home.ListingId, quantity = 1, totalVnd = 52000, orderedAt = at }))
                .Expect(HttpStatusCode.Created);
        }

        var orders = await home.Office.PageAsync("/desk/orders");
        orders.Should().Contain("Đơn hàng từ các sàn (2)").And.Contain("52.000 ₫").And.Contain("16:30 28/06/2026");
        orders.IndexOf("PM-7002", StringComparison.Ordinal).Should().BeLessThan(orders.IndexOf("PM-7001", StringComparison.Ordinal), "newest first");
        orders.Should().Contain("Không có lô nào bị thu hồi.");
        (await home.Office.PageAsync("/desk/orders?marketplace=shopee")).Should().Contain("Chưa có đơn hàng nào.");

        await (await home.Traced.Farm.Cooperative.PostJson($"/api/v1/lots/{home.Traced.LotId}/recall", new { reason = "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng" })).Expect(HttpStatusCode.OK);
        var recalls = await home.Office.PageAsync("/desk/orders");
        recalls.Should().Contain("Lô bị thu hồi (1)").And.Contain($"Lô {home.Traced.LotCode}").And.Contain("Postmart (webhook)").And.MatchRegex("Đã gỡ [01]/1 trên các sàn");
    }

    [Fact]
    public async Task A_form_action_sent_anything_but_a_form_is_a_415_problem_never_a_server_error()
    {
        var home = await DeskFarm.SeedAsync(app);
        var failures = new List<string>();
        // Signing out reads no form (and would end the session the others need).
        foreach (var route in Routes.DeskPages.Keys.Where(r => r.StartsWith("POST ", StringComparison.Ordinal) && r != "POST /desk/sign-out"))
        {
            var path = home.Fill(route["POST ".Length..]);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"key\":\"x\"}", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-CSRF-Token", home.Office.Csrf);
            var response = await home.Office.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType
                || !(await response.Content.ReadAsStringAsync()).Contains("unsupported-media-type", StringComparison.Ordinal))
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        failures.Should().BeEmpty();
    }

    private async Task<DeskSession> SessionAsync(object keyRequest) => await DeskSession.SignInAsync(app, await app.KeyAsync(keyRequest));

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, IDictionary<string, string> form, string? csrf)
    {
        if (method == "GET")
        {
            return client.GetAsync(path);
        }

        var fields = new Dictionary<string, string>(form);
        if (csrf is not null)
        {
            fields["__csrf"] = csrf;
        }

        return client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private List<string> DeskRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/desk", StringComparison.Ordinal) || raw.StartsWith("/sign-in", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct()];
}

/// <summary>A cooperative with a harvested batch, a lot with stamps and a listing, and its office signed in at the desk.</summary>
public sealed record DeskFarm(TracedLot Traced, string BatchId, string ListingId, string DeadLetterId, string HouseholdName, DeskSession Office)
{
    public static async Task<DeskFarm> SeedAsync(AgriApp app)
    {
        var traced = await app.TracedAsync(stamps: 3);
        var lot = await (await app.Admin().GetAsync($"/api/v1/lots/{traced.LotId}")).Expect(HttpStatusCode.OK);
        await traced.Farm.LinkAsync("webhook");
        var listing = await (await new PackedLot(traced.Farm, traced.LotId, traced.LotCode, 400).PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        var household = await (await app.Admin().GetAsync($"/api/v1/households/{traced.Farm.HouseholdId}")).Expect(HttpStatusCode.OK);
        var key = await app.KeyAsync(new { role = "cooperative", cooperativeId = traced.Farm.CooperativeId, label = "HTX office desk" });

        // The test app has no webhook receiver configured, so the listing's push is refused at once: a dead letter of its own.
        string? deadLetterId = null;
        for (var i = 0; i < 200 && deadLetterId is null; i++)
        {
            var letters = await (await app.Admin().GetAsync("/api/v1/marketplace-sync/dead-letters?limit=500")).Expect(HttpStatusCode.OK);
            deadLetterId = letters["items"]!.AsArray().FirstOrDefault(l => l!["listingId"]!.GetValue<string>() == listing.Id())?.Id();
            await Task.Delay(deadLetterId is null ? 50 : 0);
        }

        return new DeskFarm(
            traced, lot["batchId"]!.GetValue<string>(), listing.Id(), deadLetterId ?? throw new InvalidOperationException("The listing's sync never failed."),
            household["name"]!.GetValue<string>(), await DeskSession.SignInAsync(app, key));
    }

    /// <summary>The path with the home cooperative's object in place of <c>{id}</c>.</summary>
    public string Fill(string template) => template switch
    {
        _ when template.StartsWith("/desk/members/", StringComparison.Ordinal) => template.Replace("{id:guid}", Traced.Farm.HouseholdId, StringComparison.Ordinal),
        _ when template.StartsWith("/desk/harvests/", StringComparison.Ordinal) => template.Replace("{id:guid}", BatchId, StringComparison.Ordinal),
        _ when template.StartsWith("/desk/lots/", StringComparison.Ordinal) => template.Replace("{id:guid}", Traced.LotId, StringComparison.Ordinal),
        _ when template.StartsWith("/desk/listings/", StringComparison.Ordinal) => template.Replace("{id:guid}", ListingId, StringComparison.Ordinal),
        _ when template.StartsWith("/desk/dead-letters/", StringComparison.Ordinal) => template.Replace("{id:guid}", DeadLetterId, StringComparison.Ordinal),
        _ => template,
    };

    /// <summary>A form the action would accept, so a refusal is about who sends it, not what.</summary>
    public IDictionary<string, string> ValidForm(string template) => template switch
    {
        "/desk/members" => new Dictionary<string, string> { ["name"] = "Hộ Thử", ["phone"] = "0912345678", ["communeCode"] = "11059" },
        "/desk/harvests/{id:guid}/lots" => new Dictionary<string, string>
        {
            ["productName"] = "Vải thiều",
            ["gtin"] = "8931234567897",
            ["packedOn"] = "2026-06-30",
            ["unitCount"] = "1",
            ["netWeightGrams"] = "100",
        },
        "/desk/lots/{id:guid}/stamps" => new Dictionary<string, string> { ["count"] = "1" },
        "/desk/listings/{id:guid}/price" => new Dictionary<string, string> { ["priceVnd"] = "52000" },
        "/desk/listings/{id:guid}/stock" => new Dictionary<string, string> { ["stock"] = "9" },
        _ => new Dictionary<string, string>(),
    };
}
