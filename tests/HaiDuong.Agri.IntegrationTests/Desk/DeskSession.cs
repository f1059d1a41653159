using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Desk;

/// <summary>
/// A desktop browser signed in at <c>/sign-in</c> with a key: it sends its two cookies by hand (the test clock is months
/// behind the client's, so a cookie container would drop a 12-hour office cookie at once) and posts forms with the
/// anti-forgery field its pages carry.
/// </summary>
public sealed class DeskSession(HttpClient client, string csrf)
{
    public HttpClient Client { get; } = client;

    public string Csrf { get; } = csrf;

    public static async Task<DeskSession> SignInAsync(AgriApp app, string key)
    {
        var signIn = await app.Anonymous().PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "/desk/members" }));
        signIn.StatusCode.Should().Be(HttpStatusCode.SeeOther, await signIn.Content.ReadAsStringAsync());
        var cookies = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)).ToDictionary(c => c[0], c => c[1]);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", $"agri_session={cookies["agri_session"]}; agri_csrf={cookies["agri_csrf"]}");
        return new DeskSession(client, cookies["agri_csrf"]);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string>? fields = null, bool withToken = true)
    {
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        if (withToken)
        {
            form["__csrf"] = Csrf;
        }

        return Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public async Task<string> PageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        return html;
    }
}
