using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>JSON over HTTP for tests: send objects or raw text, read answers as <see cref="JsonNode"/>.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object body, params (string Name, string Value)[] headers) =>
        client.Send(HttpMethod.Post, path, JsonSerializer.Serialize(body, Json), headers);

    public static async Task<HttpResponseMessage> Send(
        this HttpClient client, HttpMethod method, string path, string? rawBody, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonNode> Body(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body");

    /// <summary>Asserts the status and returns the JSON body (showing the body when the status is not the expected one).</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode >= HttpStatusCode.InternalServerError && status < HttpStatusCode.InternalServerError)
        {
            response.StatusCode.Should().Be(status, "the answer was: {0}\nand the server logged:\n{1}", text, ServerErrors.Describe());
        }

        response.StatusCode.Should().Be(status, "the answer was: {0}", text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem answer: status, <c>application/problem+json</c>, and the stable problem type.</summary>
    public static async Task<JsonNode> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Expect(status);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        body["type"]!.GetValue<string>().Should().Be("urn:haiduong-agri:problem:" + code);
        body["status"]!.GetValue<int>().Should().Be((int)status);
        return body;
    }

    /// <summary>Asserts a 400 problem that names each of <paramref name="fields"/> in its <c>errors</c>.</summary>
    public static async Task<JsonNode> ExpectFieldErrors(this HttpResponseMessage response, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the answer was: {0}", body);
        var problem = JsonNode.Parse(body)!;
        problem["type"]!.GetValue<string>().Should().StartWith("urn:haiduong-agri:problem:");
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Contain(fields, "the answer was: {0}", body);
        return problem;
    }

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag!.Tag;
}
