using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.UnitTests.Labels;

namespace HaiDuong.Agri.IntegrationTests.Sessions;

/// <summary>Signing a phone in without typing a key: sign-in codes and their cards, cookie sessions, anti-forgery, revocation.</summary>
public sealed class BrowserSessionTests(AgriApp app) : IClassFixture<AgriApp>
{
    /// <summary>A browser: keeps cookies, sends no key; <see cref="Csrf"/> is what its page script would read.</summary>
    private sealed class Browser(HttpClient client)
    {
        public HttpClient Client { get; } = client;

        public string? Csrf { get; private set; }

        public string? SessionCookie { get; private set; }

        public async Task<HttpResponseMessage> SignInAsync(object body)
        {
            var response = await Client.PostJson("/api/v1/sessions", body);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var value = cookie.Split(';')[0].Split('=', 2);
                if (value[0] == "agri_csrf")
                {
                    Csrf = value[1];
                }
                else if (value[0] == "agri_session")
                {
                    SessionCookie = value[1];
                }
            }

            return response;
        }

        public Task<HttpResponseMessage> PostAsync(string path, object body, bool withToken = true) =>
            withToken && Csrf is not null ? Client.PostJson(path, body, ("X-CSRF-Token", Csrf)) : Client.PostJson(path, body);
    }

    private Browser NewBrowser() => new(app.Anonymous());

    private static async Task<JsonNode> NewCodeAsync(Farm farm) =>
        await (await farm.Cooperative.PostAsync($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", null)).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task A_household_signs_in_once_with_the_code_on_its_card_and_acts_as_itself_alone()
    {
        var farm = await app.FarmAsync();
        var created = await NewCodeAsync(farm);
        var code = created["code"]!.GetValue<string>();
        code.Should().MatchRegex("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$");
        created["expiresAt"]!.GetValue<string>().Should().StartWith("2026-07-08T03:0", "a code is valid for 7 days");
        var cardUrl = created["cardUrl"]!.GetValue<string>();
        cardUrl.Should().Be($"/api/v1/households/{farm.HouseholdId}/sign-in-codes/{created.Id()}/card.pdf");

        // The card's QR code opens the app with the code; its text shows the code and the household.
        var card = await farm.Cooperative.GetAsync(cardUrl);
        card.StatusCode.Should().Be(HttpStatusCode.OK);
        card.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var (text, qr) = await ReadCardAsync(await card.Content.ReadAsByteArrayAsync());
        qr.Should().Be($"{AgriApp.PublicBaseUrl}/app/#code={code}");
        text.Should().Contain("Nguyễn Văn An").And.Contain(code).And.Contain("HTX Vải thiều Thanh Hà").And.Contain("08/07/2026");

        var phone = NewBrowser();
        // Typed in lower case, without dashes: still the code.
        var signIn = await phone.SignInAsync(new { signInCode = code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() });
        signIn.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var cookies = signIn.Headers.GetValues("Set-Cookie").ToList();
        cookies.Should().Contain(c => c.StartsWith("agri_session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase)
            && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        cookies.Should().Contain(c => c.StartsWith("agri_csrf=", StringComparison.Ordinal) && !c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var me = await (await phone.Client.GetAsync("/api/v1/sessions/current")).Expect(HttpStatusCode.OK);
        me["role"]!.GetValue<string>().Should().Be("household");
        me["via"]!.GetValue<string>().Should().Be("sign-in-code");
        me["householdId"]!.GetValue<string>().Should().Be(farm.HouseholdId);
        me["householdName"]!.GetValue<string>().Should().Be("Nguyễn Văn An");

        // It acts for its own household, and no other.
        (await phone.Client.GetAsync($"/api/v1/households/{farm.HouseholdId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = await app.HouseholdAsync(farm.CooperativeId, "Trần Văn Bình");
        await (await phone.Client.GetAsync($"/api/v1/households/{other}/batches")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await phone.Client.GetAsync("/api/v1/stats")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        // The code is one-time: a second phone cannot use it, and its card is no longer printed.
        await (await NewBrowser().SignInAsync(new { signInCode = code })).ExpectProblem(HttpStatusCode.Unauthorized, "sign-in-failed");
        await (await farm.Cooperative.GetAsync(cardUrl)).ExpectProblem(HttpStatusCode.Gone, "sign-in-code-ended");
    }

    [Fact]
    public async Task Codes_that_are_unknown_malformed_or_expired_do_not_sign_in()
    {
        var farm = await app.FarmAsync();
        await (await NewBrowser().SignInAsync(new { signInCode = "0000-0000-0000-0000" })).ExpectProblem(HttpStatusCode.Unauthorized, "sign-in-failed");
        await (await NewBrowser().SignInAsync(new { signInCode = "not a code!" })).ExpectProblem(HttpStatusCode.Unauthorized, "sign-in-failed");
        await (await NewBrowser().SignInAsync(new { })).ExpectFieldErrors("signInCode");
        await (await NewBrowser().SignInAsync(new { key = "agri_x", signInCode = "0000-0000-0000-0000" })).ExpectFieldErrors("key");
        await (await NewBrowser().SignInAsync(new { key = "agri_unknown" })).ExpectProblem(HttpStatusCode.Unauthorized, "sign-in-failed");

        var created = await NewCodeAsync(farm);
        app.Clock.AdvanceDays(8);
        try
        {
            await (await NewBrowser().SignInAsync(new { signInCode = created["code"]!.GetValue<string>() }))
                .ExpectProblem(HttpStatusCode.Unauthorized, "sign-in-failed");
        }
        finally
        {
            app.Clock.AdvanceDays(-8);
        }
    }

    [Fact]
    public async Task Only_the_households_cooperative_or_an_admin_creates_its_sign_in_code()
    {
        var farm = await app.FarmAsync();
        await (await farm.Household.PostAsync($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", null)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var otherCooperative = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = await app.CooperativeAsync("HTX Kim Thành"), label = "other" }));
        await (await otherCooperative.PostAsync($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", null)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var created = await NewCodeAsync(farm);
        await (await otherCooperative.GetAsync(created["cardUrl"]!.GetValue<string>())).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await app.Admin().PostAsync($"/api/v1/households/{farm.HouseholdId}/sign-in-codes", null)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_cookie_request_that_changes_something_needs_the_sessions_anti_forgery_token()
    {
        var farm = await app.FarmAsync();
        var phone = NewBrowser();
        (await phone.SignInAsync(new { signInCode = (await NewCodeAsync(farm))["code"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var batch = new { growingAreaId = farm.GrowingAreaId, crop = "vải thiều" };

        await (await phone.PostAsync("/api/v1/batches", batch, withToken: false)).ExpectProblem(HttpStatusCode.Forbidden, "csrf-token-invalid");
        await (await phone.Client.PostJson("/api/v1/batches", batch, ("X-CSRF-Token", "forged"))).ExpectProblem(HttpStatusCode.Forbidden, "csrf-token-invalid");
        var other = NewBrowser();
        (await other.SignInAsync(new { signInCode = (await NewCodeAsync(farm))["code"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await phone.Client.PostJson("/api/v1/batches", batch, ("X-CSRF-Token", other.Csrf!)))
            .ExpectProblem(HttpStatusCode.Forbidden, "csrf-token-invalid");

        // Nothing was started by the refused requests; the one with its own token starts the batch.
        (await (await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}/batches")).Expect(HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        (await phone.PostAsync("/api/v1/batches", batch)).StatusCode.Should().Be(HttpStatusCode.Created);

        // A request with an API key needs no token, even from a browser holding a session cookie.
        (await farm.Household.PostJson("/api/v1/batches", batch)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_revoked_session_stops_at_once_and_the_list_shows_it()
    {
        var farm = await app.FarmAsync();
        var lost = NewBrowser();
        (await lost.SignInAsync(new { signInCode = (await NewCodeAsync(farm))["code"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var kept = NewBrowser();
        (await kept.SignInAsync(new { signInCode = (await NewCodeAsync(farm))["code"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var lostId = (await (await lost.Client.GetAsync("/api/v1/sessions/current")).Expect(HttpStatusCode.OK))["sessionId"]!.GetValue<string>();

        var list = await (await farm.Cooperative.GetAsync($"/api/v1/households/{farm.HouseholdId}/sessions")).Expect(HttpStatusCode.OK);
        list["items"]!.AsArray().Should().HaveCount(2).And.OnlyContain(s => s!["active"]!.GetValue<bool>());

        var foreign = app.As(await app.KeyAsync(new { role = "cooperative", cooperativeId = await app.CooperativeAsync("HTX Kim Thành"), label = "other" }));
        await (await foreign.DeleteAsync($"/api/v1/households/{farm.HouseholdId}/sessions/{lostId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await lost.Client.GetAsync("/api/v1/sessions/current")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await farm.Cooperative.DeleteAsync($"/api/v1/households/{farm.HouseholdId}/sessions/{lostId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await lost.Client.GetAsync("/api/v1/sessions/current")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await lost.PostAsync("/api/v1/batches", new { growingAreaId = farm.GrowingAreaId, crop = "vải thiều" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await kept.Client.GetAsync("/api/v1/sessions/current")).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await (await farm.Cooperative.GetAsync($"/api/v1/households/{farm.HouseholdId}/sessions")).Expect(HttpStatusCode.OK);
        after["items"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == lostId)!["active"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_a_typed_key_opens_one_that_ends_with_the_key()
    {
        var farm = await app.FarmAsync();
        var phone = NewBrowser();
        (await phone.SignInAsync(new { signInCode = (await NewCodeAsync(farm))["code"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await phone.Client.DeleteAsync("/api/v1/sessions/current")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "signing out changes something: it needs the token");
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/sessions/current");
        signOut.Headers.Add("X-CSRF-Token", phone.Csrf);
        (await phone.Client.SendAsync(signOut)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The old cookie, replayed by anyone, no longer works.
        var replay = app.Anonymous();
        replay.DefaultRequestHeaders.Add("Cookie", $"agri_session={phone.SessionCookie}");
        await (await replay.GetAsync("/api/v1/sessions/current")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        var key = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "cooperative", cooperativeId = farm.CooperativeId, label = "desk" }))
            .Expect(HttpStatusCode.Created);
        var desk = NewBrowser();
        (await desk.SignInAsync(new { key = key["key"]!.GetValue<string>() })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        // The test clock is months behind the client's, which would drop a cookie that expires the same day: send it by hand.
        var office = app.Anonymous();
        office.DefaultRequestHeaders.Add("Cookie", $"agri_session={desk.SessionCookie}");
        var me = await (await office.GetAsync("/api/v1/sessions/current")).Expect(HttpStatusCode.OK);
        me["via"]!.GetValue<string>().Should().Be("api-key");
        me["role"]!.GetValue<string>().Should().Be("cooperative");
        me["expiresAt"]!.GetValue<string>().Should().StartWith("2026-07-01T15:00", "an office session lasts 12 hours");

        (await app.Admin().DeleteAsync($"/api/v1/api-keys/{key.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await office.GetAsync("/api/v1/sessions/current")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_households_batches_show_when_harvest_is_allowed_while_an_interval_runs()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "pesticide",
            productName = "Radiant 60SC",
            activeIngredient = "Spinetoram",
            dose = 10,
            unit = "ml",
            appliedOn = "2026-06-28",
            preHarvestIntervalDays = 7,
        })).Expect(HttpStatusCode.OK);
        var done = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{done}/inputs", new
        {
            kind = "pesticide",
            productName = "Kasumin 2SL",
            dose = 10,
            unit = "ml",
            appliedOn = "2026-06-01",
            preHarvestIntervalDays = 7,
        })).Expect(HttpStatusCode.OK);

        var list = await (await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}/batches")).Expect(HttpStatusCode.OK);
        var items = list["items"]!.AsArray();
        items.Should().HaveCount(2);
        items[0]!["id"]!.GetValue<string>().Should().Be(done, "newest first");
        items[0]!["harvestAllowedFrom"].Should().BeNull("its interval ended on 8 June");
        items[0]!["safeHarvestFrom"]!.GetValue<string>().Should().Be("2026-06-08");
        var running = items[1]!;
        running["harvestAllowedFrom"]!.GetValue<string>().Should().Be("2026-07-05");
        running["growingAreaName"]!.GetValue<string>().Should().Be("Vườn vải đồi Thúy Lâm");
        running["status"]!.GetValue<string>().Should().Be("planted");
        list["nextPage"].Should().BeNull();

        (await farm.Cooperative.GetAsync($"/api/v1/households/{farm.HouseholdId}/batches")).StatusCode.Should().Be(HttpStatusCode.OK);
        var stranger = app.As(await app.KeyAsync(new { role = "household", householdId = await app.HouseholdAsync(null, "Lê Văn Cường"), label = "x" }));
        await (await stranger.GetAsync($"/api/v1/households/{farm.HouseholdId}/batches")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await stranger.GetAsync($"/api/v1/households/{farm.HouseholdId}/growing-areas")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}/batches?page=0")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        var areas = await (await farm.Household.GetAsync($"/api/v1/households/{farm.HouseholdId}/growing-areas")).Expect(HttpStatusCode.OK);
        areas["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).Should().Equal(farm.GrowingAreaId);
    }

    [Fact]
    public async Task The_inputs_catalogue_lists_pesticides_with_their_intervals_by_kind_and_crop()
    {
        var farm = await app.FarmAsync();
        var pesticides = await (await farm.Household.GetAsync("/api/v1/inputs?kind=pesticide&crop=v%E1%BA%A3i%20thi%E1%BB%81u")).Expect(HttpStatusCode.OK);
        var items = pesticides["items"]!.AsArray();
        items.Should().NotBeEmpty().And.OnlyContain(i => i!["kind"]!.GetValue<string>() == "pesticide" && i["preHarvestIntervalDays"]!.GetValue<int>() > 0
            && i["crops"]!.AsArray().Any(c => c!.GetValue<string>() == "vải thiều"));
        items.Select(i => i!["productName"]!.GetValue<string>()).Should().Contain("Radiant 60SC");
        var fertilizers = await (await farm.Household.GetAsync("/api/v1/inputs?kind=fertilizer")).Expect(HttpStatusCode.OK);
        fertilizers["items"]!.AsArray().Should().OnlyContain(i => i!["kind"]!.GetValue<string>() == "fertilizer");
        await (await farm.Household.GetAsync("/api/v1/inputs?kind=seed")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        (await app.Anonymous().GetAsync("/api/v1/inputs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_app_is_served_compressed_with_its_own_script_policy_and_an_installable_manifest()
    {
        var client = app.Anonymous();
        var redirect = await client.GetAsync("/app");
        redirect.StatusCode.Should().BeOneOf(HttpStatusCode.MovedPermanently, HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().Should().EndWith("/app/");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/app/");
        request.Headers.Add("Accept-Encoding", "br, gzip");
        var shell = await client.SendAsync(request);
        shell.StatusCode.Should().Be(HttpStatusCode.OK);
        shell.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        shell.Content.Headers.ContentEncoding.Should().ContainSingle().Which.Should().BeOneOf("br", "gzip");
        shell.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.NotContain("unsafe-inline'; script");

        var manifest = await client.GetAsync("/app/manifest.webmanifest");
        manifest.Content.Headers.ContentType!.MediaType.Should().Be("application/manifest+json");
        var json = JsonNode.Parse(await manifest.Content.ReadAsStringAsync())!;
        json["start_url"]!.GetValue<string>().Should().Be("/app/");
        json["icons"]!.AsArray().Select(i => i!["sizes"]!.GetValue<string>()).Should().Contain(["192x192", "512x512"]);
        (await client.GetAsync("/app/sw.js")).Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
    }

    private static async Task<(string Text, string? Qr)> ReadCardAsync(byte[] pdfBytes)
    {
        var pdf = Path.Combine(Path.GetTempPath(), $"agri-card-{Guid.NewGuid():N}.pdf");
        var prefix = Path.Combine(Path.GetTempPath(), $"agri-card-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(pdf, pdfBytes);
        try
        {
            Poppler.Run("pdfinfo", pdf).Should().MatchRegex(@"Pages:\s+1");
            var text = string.Join(' ', Poppler.Run("pdftotext", pdf, "-").Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            Poppler.Run("pdftoppm", "-r", "200", "-png", "-singlefile", pdf, prefix);
            var qr = QrDecoding.DecodePng(await File.ReadAllBytesAsync(prefix + ".png"));
            return (text, qr);
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(prefix + ".png");
        }
    }
}
