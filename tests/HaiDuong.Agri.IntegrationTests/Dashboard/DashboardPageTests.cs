using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten.Events;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiDuong.Agri.IntegrationTests.Dashboard;

/// <summary>
/// The province dashboard over HTTP, as a browser reaches it: signed in by a session cookie (<c>POST /api/v1/sessions</c>),
/// only officials and admins see it, no session goes to the sign-in page, bad filters are a 400 page saying what is wrong
/// in Vietnamese next to the field, and its figures are the statistics' own.
/// </summary>
public sealed partial class DashboardPageTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string Commune = "11059";

    /// <summary>
    /// A browser signed in with <paramref name="key"/>: it sends the session's cookie and no key. (The cookie is carried by
    /// hand: the test clock's session ends before the machine's today, so a cookie jar would drop it as expired.)
    /// </summary>
    private async Task<HttpClient> SignedInAsync(string key)
    {
        var signIn = await NoCookieJar().PostJson("/api/v1/sessions", new { key });
        signIn.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var cookies = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        cookies.Should().Contain(c => c.StartsWith("agri_session=", StringComparison.Ordinal)).And.Contain(c => c.StartsWith("agri_csrf=", StringComparison.Ordinal));
        var browser = NoCookieJar();
        browser.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        return browser;
    }

    private HttpClient NoCookieJar() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<HttpClient> OfficialAsync() =>
        await SignedInAsync(await app.KeyAsync(new { role = "official", label = "Sở Nông nghiệp và Môi trường — IOC" }));

    [Fact]
    public async Task Without_a_session_the_dashboard_sends_the_browser_to_sign_in_and_back()
    {
        var response = await app.Anonymous().GetAsync("/dashboard?communeCode=10507&from=2026-01-01");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/sign-in?returnUrl=%2Fdashboard%3FcommuneCode%3D10507%26from%3D2026-01-01");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();

        // An ended or forged session is no session.
        var forged = NoCookieJar();
        forged.DefaultRequestHeaders.Add("Cookie", "agri_session=not-a-session");
        var again = await forged.GetAsync("/dashboard");
        again.StatusCode.Should().Be(HttpStatusCode.Redirect);
        again.Headers.Location!.OriginalString.Should().Be("/sign-in?returnUrl=%2Fdashboard");
    }

    [Theory]
    [InlineData("cooperative")]
    [InlineData("household")]
    [InlineData("auditor")]
    [InlineData("marketplace")]
    public async Task A_session_of_any_other_role_gets_a_403_page_in_Vietnamese(string role)
    {
        var farm = await app.FarmAsync();
        object request = role switch
        {
            "cooperative" => new { role, cooperativeId = farm.CooperativeId, label = "HTX" },
            "household" => new { role, householdId = farm.HouseholdId, label = "An" },
            "auditor" => new
            {
                role,
                certificationBodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Trung tâm Chứng nhận Hải Dương" }))
                    .Expect(HttpStatusCode.Created)).Id(),
                label = "auditor",
            },
            _ => new { role, marketplace = "webhook", label = "Postmart" },
        };
        var browser = await SignedInAsync(await app.KeyAsync(request));

        var response = await browser.GetAsync("/dashboard");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<html lang=\"vi\"").And.Contain("Không có quyền truy cập").And.NotContain("data-chart");
    }

    [Fact]
    public async Task An_official_and_an_admin_see_the_dashboard_with_its_policy_and_no_script()
    {
        foreach (var browser in new[] { await OfficialAsync(), await SignedInAsync(AgriApp.AdminKey) })
        {
            var response = await browser.GetAsync("/dashboard");

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
            response.Headers.CacheControl!.Private.Should().BeTrue();
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            policy.Should().StartWith("default-src 'none'");
            policy.Should().NotContain("script-src 'self'").And.Contain("form-action 'self'").And.Contain("style-src 'self'");
            var html = await response.Content.ReadAsStringAsync();
            html.Should().NotContain("<script").And.Contain("Phễu tham gia thương mại điện tử").And.Contain("<label for=\"communeCode\">");
            foreach (var chart in new[] { "funnel", "selling", "transactions-by-commune", "orders-by-month", "value-by-month", "scans" })
            {
                html.Should().Contain($"data-chart=\"{chart}\"").And.Contain($"aria-labelledby=\"{chart}-title {chart}-desc\"");
            }
        }

        // Sent compressed to a browser that takes it (the SVG and tables are mostly repeated text).
        var compressed = await OfficialAsync();
        compressed.DefaultRequestHeaders.Add("Accept-Encoding", "br");
        var small = await compressed.GetAsync("/dashboard");
        small.StatusCode.Should().Be(HttpStatusCode.OK);
        small.Content.Headers.ContentEncoding.Should().Equal("br");

        var css = await (await OfficialAsync()).GetAsync("/dashboard/dashboard.css");
        css.StatusCode.Should().Be(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
    }

    [Theory]
    [InlineData("from=2026-13-01", "from", "Ngày không hợp lệ")]
    [InlineData("to=hôm-nay", "to", "Ngày không hợp lệ")]
    [InlineData("from=2026-06-30&to=2026-06-01", "from", "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc (01/06/2026).")]
    [InlineData("from=2025-01-01&to=2026-06-30", "to", "Khoảng thời gian dài nhất là 366 ngày.")]
    [InlineData("communeCode=abc", "communeCode", "Mã xã chỉ gồm chữ số")]
    public async Task Bad_filters_answer_400_with_the_problem_in_Vietnamese_next_to_the_field(string query, string field, string message)
    {
        var browser = await OfficialAsync();
        var api = await browser.GetAsync("/api/v1/stats?" + query);
        api.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the page says what the API says");
        var problem = await api.Body();
        problem["errors"]![field].Should().NotBeNull();

        var response = await browser.GetAsync("/dashboard?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var error = Regex.Match(html, $"<p class=\"error\" id=\"{field}-error\" data-field=\"{field}\">([^<]*)</p>");
        error.Success.Should().BeTrue("the problem is shown next to the {0} field", field);
        error.Groups[1].Value.Should().Contain(message);
        html.Should().Contain($"aria-describedby=\"{field}-error\"").And.Contain("Bộ lọc chưa hợp lệ").And.NotContain("data-chart");
    }

    [Fact]
    public async Task A_parameter_the_page_does_not_take_is_a_400_page_naming_it()
    {
        var browser = await OfficialAsync();
        (await browser.GetAsync("/api/v1/stats?commune=10507")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var response = await browser.GetAsync("/dashboard?commune=10507");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain("Địa chỉ có tham số không dùng được: commune. Trang chỉ nhận: communeCode, from, to.").And.NotContain("data-chart");
    }

    [Fact]
    public async Task The_page_shows_the_statistics_own_figures_for_a_commune()
    {
        var lot = await app.PackedLotAsync();
        await lot.Farm.LinkAsync("webhook");
        await (await lot.PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var browser = await OfficialAsync();
        var query = $"communeCode={Commune}&from=2026-01-01&to=2026-06-30";
        var stats = await (await browser.GetAsync("/api/v1/stats?" + query)).Expect(HttpStatusCode.OK);

        var response = await browser.GetAsync("/dashboard?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var registered = stats["households"]!["registered"]!.GetValue<long>();
        registered.Should().BeGreaterThan(0);
        html.Should().Contain($"<dd data-figure=\"registered\">{registered}</dd>");
        Bar(html, "Đăng ký", "Đến nay").Should().Be(registered);
        Bar(html, "Có sản phẩm niêm yết", "Đến nay").Should().Be(stats["households"]!["withListings"]!.GetValue<long>());
        Bar(html, "Có tài khoản sàn", "Trong kỳ").Should().Be(stats["period"]!["households"]!["withMarketplaceAccount"]!.GetValue<long>());
        html.Should().Contain($"<option value=\"{Commune}\" selected>");
        html.Should().Contain($"href=\"/api/v1/stats/funnel.csv?communeCode={Commune}&from=2026-01-01&to=2026-06-30\"");
        html.Should().Contain("value=\"2026-01-01\"").And.Contain("value=\"2026-06-30\"");
    }

    [Fact]
    public async Task The_dashboard_writes_nothing()
    {
        var browser = await OfficialAsync();
        var post = await browser.PostAsync("/dashboard", new FormUrlEncodedContent([new("communeCode", Commune)]));
        ((int)post.StatusCode).Should().BeOneOf([403, 404, 405], "the dashboard has no form that writes");
        var html = await (await browser.GetAsync("/dashboard")).Content.ReadAsStringAsync();
        var forms = FormMethod().Matches(html).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();
        forms.Should().Contain("post /dashboard/sign-out").And.OnlyContain(f => f.StartsWith("get ", StringComparison.Ordinal) || f == "post /dashboard/sign-out");
    }

    [Fact]
    public async Task An_official_signs_out_from_the_page_and_the_session_ends_at_once()
    {
        var browser = await OfficialAsync();
        var html = await (await browser.GetAsync("/dashboard")).Content.ReadAsStringAsync();
        var token = Regex.Match(html, "<form method=\"post\" action=\"/dashboard/sign-out\"[^>]*><input type=\"hidden\" name=\"__csrf\" value=\"([^\"]+)\"");
        token.Success.Should().BeTrue("the page offers a sign-out form carrying the session's anti-forgery token");

        var forged = await browser.PostAsync("/dashboard/sign-out", new FormUrlEncodedContent([]));
        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await forged.Content.ReadAsStringAsync()).Should().Contain("csrf-token-invalid");
        (await browser.GetAsync("/dashboard")).StatusCode.Should().Be(HttpStatusCode.OK, "a refused sign-out leaves the session as it was");

        var signOut = await browser.PostAsync("/dashboard/sign-out", new FormUrlEncodedContent([new("__csrf", token.Groups[1].Value)]));
        signOut.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        signOut.Headers.Location!.OriginalString.Should().Be("/sign-in");
        signOut.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("agri_session=;", StringComparison.Ordinal));

        var after = await browser.GetAsync("/dashboard");
        after.StatusCode.Should().Be(HttpStatusCode.Redirect, "the session ended: the same cookie is sent to sign in");
        after.Headers.Location!.OriginalString.Should().StartWith("/sign-in?");
    }

    [Fact]
    public async Task A_view_shown_before_shows_what_changed_since_and_each_session_its_own_token()
    {
        // The page of a view is kept once rendered (and the statistics' documents once read): a daemon batch must show at once.
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);
        var (first, second) = (await OfficialAsync(), await OfficialAsync());
        var view = $"/dashboard?communeCode={Commune}";
        var before = Registered(await first.GetStringAsync(view));
        var statsBefore = (await (await first.GetAsync($"/api/v1/stats?communeCode={Commune}")).Expect(HttpStatusCode.OK))["households"]!["registered"]!.GetValue<long>();
        statsBefore.Should().Be(before);

        await app.FarmAsync();
        await app.Services.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None, CatchUpMode.AndResumeNormally);

        var page = await first.GetStringAsync(view);
        Registered(page).Should().Be(before + 1);
        (await (await first.GetAsync($"/api/v1/stats?communeCode={Commune}")).Expect(HttpStatusCode.OK))["households"]!["registered"]!.GetValue<long>().Should().Be(before + 1);

        // The same view for another session: the same page but for the sign-out form's token, each session's own.
        var other = await second.GetStringAsync(view);
        var (token, otherToken) = (SignOutToken(page), SignOutToken(other));
        WebUtility.HtmlDecode(token).Should().Be(Cookie(first, "agri_csrf"));
        WebUtility.HtmlDecode(otherToken).Should().Be(Cookie(second, "agri_csrf")).And.NotBe(WebUtility.HtmlDecode(token));
        other.Replace(otherToken, "", StringComparison.Ordinal).Should().Be(page.Replace(token, "", StringComparison.Ordinal));
    }

    private static long Registered(string html)
    {
        var match = Regex.Match(html, "<dd data-figure=\"registered\">(\\d+)</dd>");
        match.Success.Should().BeTrue("the page shows the households registered");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string SignOutToken(string html)
    {
        var match = Regex.Match(html, "name=\"__csrf\" value=\"([^\"]+)\"");
        match.Success.Should().BeTrue("the page has the sign-out form");
        return match.Groups[1].Value;
    }

    private static string Cookie(HttpClient browser, string name) =>
        browser.DefaultRequestHeaders.GetValues("Cookie").Single().Split("; ").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    /// <summary>The value of the funnel's bar of <paramref name="stage"/> in <paramref name="series"/>, from its data attribute.</summary>
    private static long Bar(string html, string stage, string series)
    {
        var match = Regex.Match(html, $"<rect [^>]*data-category=\"{Regex.Escape(stage)}\" data-series=\"{Regex.Escape(series)}\" data-value=\"(\\d+)\"");
        match.Success.Should().BeTrue("the funnel has a bar for {0} ({1})", stage, series);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("<form [^>]*method=\"(\\w+)\"[^>]*action=\"([^\"]*)\"")]
    private static partial Regex FormMethod();
}
