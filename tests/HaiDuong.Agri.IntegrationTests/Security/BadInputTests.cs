using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>
/// Bad input for every request body and query parameter the app's OpenAPI document describes: never a 5xx, and every
/// refusal a problem with a stable type.
/// </summary>
public sealed class BadInputTests(AgriApp app, ITestOutputHelper output) : IClassFixture<AgriApp>
{
    private const string ProblemPrefix = "urn:haiduong-agri:problem:";
    private static readonly string Huge = new('x', 100 * 1024);
    private static readonly string[] BadDates = ["2026-13-45", "yesterday"];
    private static readonly string[] BadQueryValues = ["-1", "100000", "0", "%%%", "x", "", "99999999999999999999", "2026-13-45"];

    private static readonly string Hostile =
        "Vie\u0302\u0323t \u0000\u0001\u0007\u001b[31m\u007f\u200b\u202e\ufeff\r\n\t=cmd|' /C calc'!A0 <script>";

    [Fact]
    public async Task Bad_bodies_and_queries_are_refused_as_problems_never_as_server_errors()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (document, operations) = await Routes.FromOpenApiAsync(app);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var sent = 0;
        var tally = new SortedDictionary<int, int>();

        // Orders come before the listing's stock is fuzzed down to nothing.
        foreach (var operation in operations.Where(o => Routes.Allowed.ContainsKey(o.Key)).OrderBy(Routes.Phase)
                     .ThenBy(o => o.Key == "POST /api/v1/marketplace/orders" ? 0 : 1))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var path = home.Fill(operation.Path);
            var method = new HttpMethod(operation.Method);

            if (operation.HasJsonBody)
            {
                var schema = Resolve(operation.Spec["requestBody"]!["content"]!["application/json"]!["schema"], schemas);
                var valid = home.ValidBody(operation.Key);
                var bodies = BadBodies(schema, schemas).Concat(valid is null ? [] : Mutations(valid, schema, schemas)).Append(("not JSON", "{\"a\": tru")).Append(("empty body", "")).Append(("JSON array", "[1,2]"))
                    .Append(("JSON string", "\"x\"")).Append(("deep nesting", new string('[', 5000) + new string(']', 5000)));
                foreach (var (description, body) in bodies)
                {
                    using var response = await client.Send(method, path, body);
                    sent++;
                    tally[(int)response.StatusCode] = tally.GetValueOrDefault((int)response.StatusCode) + 1;
                    if (description == "the valid body itself")
                    {
                        output.WriteLine($"  {operation.Key} valid body → {(int)response.StatusCode}" + ((int)response.StatusCode >= 400 ? " " + Truncate(await response.Content.ReadAsStringAsync()) : ""));
                    }

                    await CheckAsync(response, $"{operation.Key} with {description}", failures, operation.Spec);
                }
            }

            var queries = operation.QueryParameters.ToList();
            foreach (var query in queries)
            {
                foreach (var value in BadQueryValues)
                {
                    using var response = await client.Send(method, $"{path}?{query}={value}", operation.HasJsonBody ? "{}" : null);
                    sent++;
                    await CheckAsync(response, $"{operation.Key} with ?{query}={value}", failures, operation.Spec);
                }
            }

            if (queries.Count > 0)
            {
                using var response = await client.Send(method, $"{path}?page=-1&pageSize=100000&size=0&cursor=%%%&from=x&limit=-5&to=", null);
                sent++;
                await CheckAsync(response, $"{operation.Key} with every garbage query", failures, operation.Spec);
            }
        }

        output.WriteLine($"Bad input: {sent} requests fuzzed over {operations.Count} operations");
        output.WriteLine("Body statuses: " + string.Join(", ", tally.Select(t => $"{t.Key}×{t.Value}")));
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
    }

    /// <summary>
    /// The document's rules are the routes' checks: a valid body with one field breaking what the document says of it
    /// (absent when required, one character too long, a number past a bound, a value outside its enum, a list too short,
    /// too long or repeating) is a 400 naming that field; so is a query parameter past a documented bound.
    /// </summary>
    [Fact]
    public async Task What_the_document_says_of_a_field_is_what_its_route_checks()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (document, operations) = await Routes.FromOpenApiAsync(app);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var checkedRules = 0;
        foreach (var operation in operations.Where(o => Routes.Allowed.ContainsKey(o.Key) && Routes.Allowed[o.Key] != Roles.Public).OrderBy(Routes.Phase))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var path = home.Fill(operation.Path);
            var method = new HttpMethod(operation.Method);
            var breakers = new List<(string Description, string Field, string Path, string? Body)>();
            if (operation.HasJsonBody && home.ValidBody(operation.Key) is { } valid)
            {
                var schema = Resolve(operation.Spec["requestBody"]!["content"]!["application/json"]!["schema"], schemas);
                breakers.AddRange(RuleBreakers(valid, schema, schemas).Select(b => (b.Description, b.Field, path, (string?)b.Body)));
            }

            foreach (var parameter in (operation.Spec["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => p["in"]!.GetValue<string>() == "query"))
            {
                var name = parameter["name"]!.GetValue<string>();
                var query = Routes.ValidQuery.GetValueOrDefault(operation.Key, "?");
                foreach (var (description, value) in NumbersPastBounds(parameter["schema"]!.AsObject()))
                {
                    breakers.Add(($"?{name}={value} ({description})", name, $"{path}{query}{(query.Length > 1 ? "&" : "")}{name}={value}", operation.HasJsonBody ? home.ValidBody(operation.Key)?.ToJsonString() ?? "{}" : null));
                }
            }

            foreach (var (description, field, target, body) in breakers)
            {
                using var response = await client.Send(method, target, body);
                checkedRules++;
                var text = await response.Content.ReadAsStringAsync();
                var errors = response.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(text)?["errors"] as JsonObject : null;
                if (errors is null || !errors.Any(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)))
                {
                    failures.Add($"{operation.Key} with {description}: {(int)response.StatusCode} {Truncate(text)}");
                }
            }
        }

        output.WriteLine($"Documented rules broken on purpose: {checkedRules} requests");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        checkedRules.Should().BeGreaterThan(100);
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Malformed_path_parameters_are_4xx_never_5xx()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        // (A NUL has a test of its own: A_NUL_in_a_path_segment_is_a_malformed_request.)
        string[] garbage =
        [
            "not-a-guid", "00000000-0000-0000-0000-000000000000", "%01%1B", "..%2F..%2Fetc%2Fpasswd", new string('9', 5000),
            "%27%3B%20DROP%20TABLE%20mt_events%3B--", "%F0%9F%8D%8B", "Vie%CC%82%CC%A3t", "%E0%A4%A", "-1",
        ];
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations.Where(o => o.HasPathParameters && Routes.Allowed.ContainsKey(o.Key)).OrderBy(Routes.Phase))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var filled = home.Fill(operation.Path);
            var parameters = operation.Path.Split('/').Where(s => s.StartsWith('{')).ToList();
            foreach (var parameter in parameters)
            {
                foreach (var value in garbage)
                {
                    // Replace only this parameter, keeping the others real.
                    var segments = operation.Path.Split('/');
                    var real = filled.Split('/');
                    var path = string.Join('/', segments.Select((seg, i) => seg == parameter ? value : real[i]));
                    using var response = await client.Send(new HttpMethod(operation.Method), path, operation.HasJsonBody ? "{}" : null);
                    sent++;
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                    {
                        failures.Add($"{operation.Key} with {parameter} = {Truncate(value)}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (status is < 400 and >= 200 && parameter != "{scheme}")
                    {
                        failures.Add($"{operation.Key} with {parameter} = {Truncate(value)}: {status}, expected a refusal");
                    }
                    else if (operation.Path.StartsWith("/api/", StringComparison.Ordinal) && operation.Method != "HEAD")
                    {
                        await CheckAsync(response, $"{operation.Key} with {parameter} = {Truncate(value)}", failures, operation.Spec);
                    }
                }
            }
        }

        output.WriteLine($"Malformed path parameters: {sent} requests");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_headers_and_content_types_are_refused_as_problems()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        (string, string)[][] headerSets =
        [
            [("If-Match", "garbage")], [("If-Match", "\"99999999999999999999999\"")], [("If-Match", "W/\"1\"")], [("If-Match", "\"-1\"")],
            [("If-Match", "*")], [("If-Match", "\"1\", \"2\"")],
            [("Idempotency-Key", new string('k', 300))], [("Idempotency-Key", "kh\u00f3a")], [("Idempotency-Key", "a b\tc")], [("Idempotency-Key", "")],
            [("If-None-Match", "garbage")], [("If-None-Match", "\"1\"")], [("Accept", "application/x-nonsense")], [("Accept", "*/*;q=abc")],
            [("Accept-Language", "zz-ZZ;q=nope, ,,,")], [("Content-Encoding", "gzip")],
        ];
        string[] contentTypes = ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/xml", "multipart/form-data"];
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations.Where(o => Routes.Allowed.ContainsKey(o.Key)).OrderBy(Routes.Phase))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var path = home.Fill(operation.Path);
            var method = new HttpMethod(operation.Method);
            var body = operation.HasJsonBody ? home.ValidBody(operation.Key)?.ToJsonString() ?? "{}" : null;
            foreach (var headers in headerSets)
            {
                using var response = await client.Send(method, path, body, headers);
                sent++;
                var what = $"{operation.Key} with {headers[0].Item1}: {Truncate(headers[0].Item2)}";
                if (path.StartsWith("/01/", StringComparison.Ordinal) || operation.Method == "HEAD")
                {
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{what}: {(int)response.StatusCode}");
                    }
                }
                else
                {
                    await CheckAsync(response, what, failures, operation.Spec);
                }
            }

            if (!operation.HasJsonBody)
            {
                continue;
            }

            foreach (var contentType in contentTypes)
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body!, Encoding.UTF8) };
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                using var response = await client.SendAsync(request);
                sent++;
                await CheckAsync(response, $"{operation.Key} as {contentType}", failures, operation.Spec);
            }
        }

        output.WriteLine($"Bad headers and content types: {sent} requests");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData("If-Match", "garbage")]
    [InlineData("If-Match", "\"99999999999999999999999\"")]
    [InlineData("Idempotency-Key", "khóa")]
    [InlineData("Idempotency-Key", "a b")]
    [InlineData("Idempotency-Key", "k\u007f")]
    public async Task A_malformed_version_or_idempotency_header_is_a_malformed_request(string header, string value)
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var response = await farm.Household.PostJson(
            $"/api/v1/batches/{batchId}/activities", new { kind = "observation", occurredAt = "2026-06-10T01:00:00Z" }, (header, value));
        await response.ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        var tooLong = await farm.Household.PostJson(
            $"/api/v1/batches/{batchId}/activities", new { kind = "observation", occurredAt = "2026-06-10T01:00:00Z" }, ("Idempotency-Key", new string('k', 201)));
        await tooLong.ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task An_empty_Idempotency_Key_is_a_malformed_request_on_every_POST_and_DELETE()
    {
        // HttpClient drops a header whose value is empty before the in-memory server sees it, so the request is handed to
        // the app as a server would give it: the header present, its value "" (or blanks).
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations.Where(o => o.Method is "POST" or "DELETE" && Routes.Allowed.ContainsKey(o.Key)))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var body = operation.HasJsonBody ? home.ValidBody(operation.Key)?.ToJsonString() ?? "{}" : null;
            foreach (var empty in new[] { "", "   " })
            {
                var (status, contentType, text) = await RawAsync(client, operation.Method, Uri.UnescapeDataString(home.Fill(operation.Path)), body, ("Idempotency-Key", empty));
                sent++;
                var problem = contentType == "application/problem+json" ? JsonNode.Parse(text) : null;
                if (status != 400 || problem?["type"]?.GetValue<string>() != ProblemPrefix + "malformed-request" || problem["errors"]?["Idempotency-Key"] is null)
                {
                    failures.Add($"{operation.Key} with Idempotency-Key \"{empty}\": {status} {Truncate(text)}");
                }
            }
        }

        output.WriteLine($"Empty Idempotency-Key: {sent} requests");
        failures.ForEach(output.WriteLine);
        failures.Should().BeEmpty();
        sent.Should().BeGreaterThanOrEqualTo(2 * 30, "every POST and DELETE of the document is tried");
    }

    [Fact]
    public async Task A_NUL_in_a_path_segment_is_a_malformed_request()
    {
        // Kestrel refuses a percent-encoded NUL itself (400, no body) and so does the in-memory client; a host that passes
        // one on must still get a problem from the app, never a lookup of a NUL in PostgreSQL (which cannot store it).
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations.Where(o => o.HasPathParameters && Routes.Allowed.ContainsKey(o.Key)).OrderBy(Routes.Phase))
        {
            var client = CallerFor(home, Routes.Allowed[operation.Key]);
            var real = Uri.UnescapeDataString(home.Fill(operation.Path)).Split('/');
            var segments = operation.Path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (!segments[i].StartsWith('{'))
                {
                    continue;
                }

                foreach (var nul in new[] { "\0", real[i] + "\0", "a\0b" })
                {
                    var path = string.Join('/', real.Select((s, j) => j == i ? nul : s));
                    var (status, contentType, text) = await RawAsync(client, operation.Method, path, operation.HasJsonBody ? "{}" : null);
                    sent++;
                    var problem = contentType == "application/problem+json" ? JsonNode.Parse(text) : null;
                    var isProblem = operation.Method == "HEAD"
                        || (problem?["type"]?.GetValue<string>() == ProblemPrefix + "malformed-request" && problem["errors"]?["path"] is not null);
                    if (status != 400 || !isProblem)
                    {
                        failures.Add($"{operation.Key} at {path.Replace("\0", "%00", StringComparison.Ordinal)}: {status} {Truncate(text)}");
                    }
                }
            }
        }

        // A NUL in a fixed segment, where no route matches, is refused the same way (not a 404 page).
        foreach (var path in new[] { "/api/v1/batches\0", "/api\0/v1/lots", "/01/\0", "/app/\0.js" })
        {
            var (status, contentType, _) = await RawAsync(app.Admin(), "GET", path, null);
            sent++;
            if (status != 400 || contentType != "application/problem+json")
            {
                failures.Add($"GET {path.Replace("\0", "%00", StringComparison.Ordinal)}: {status} {contentType}");
            }
        }

        output.WriteLine($"NUL in path segments: {sent} requests");
        failures.ForEach(output.WriteLine);
        failures.Should().BeEmpty();
    }

    /// <summary>
    /// Hands a request straight to the app (no HttpClient in between), with the caller's key, a decoded path that may hold
    /// what no client library sends, and headers exactly as given.
    /// </summary>
    private async Task<(int Status, string? ContentType, string Body)> RawAsync(
        HttpClient caller, string method, string path, string? body, params (string Name, string Value)[] headers)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = new PathString(path);
            if (caller.DefaultRequestHeaders.Authorization is { } authorization)
            {
                c.Request.Headers.Authorization = authorization.ToString();
            }

            foreach (var (name, value) in headers)
            {
                c.Request.Headers[name] = value;
            }

            if (body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                c.Request.ContentType = "application/json";
                c.Request.ContentLength = bytes.Length;
                c.Request.Body = new MemoryStream(bytes);
                c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            }
        });
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        var contentType = context.Response.ContentType?.Split(';')[0];
        return (context.Response.StatusCode, contentType, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Edge_values_in_queries_and_trace_links_are_never_server_errors()
    {
        var lot = await app.TracedAsync(stamps: 2);
        var feeder = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "feeds" }));
        var huge = new string('9', 4000);
        string[] adminUrls =
        [
            "/api/v1/exports/fsma204.csv?from=0001-01-01&to=0001-01-01", "/api/v1/exports/fsma204.csv?from=9999-12-31&to=9999-12-31",
            "/api/v1/exports/fsma204.csv?from=0001-01-01&to=9999-12-31", "/api/v1/exports/fsma204.csv?from=2026-02-30&to=2026-03-01",
            "/api/v1/exports/fsma204.csv?from=-2026-01-01&to=2026-01-02", "/api/v1/exports/fsma204.csv?from=2026-01-01&from=2026-01-02&to=2026-01-03",
            $"/api/v1/stats?communeCode={huge}", "/api/v1/stats?communeCode=%27%3B--", "/api/v1/stats?communeCode=Vie%CC%82%CC%A3t",
            "/api/v1/marketplace-sync/dead-letters?limit=0", $"/api/v1/marketplace-sync/dead-letters?limit={huge}",
            $"/api/v1/lots/{lot.LotId}/stamps?page=2147483647&pageSize=1000", $"/api/v1/lots/{lot.LotId}/stamps?page={huge}",
            $"/api/v1/lots/{lot.LotId}/labels.pdf?template=a4-3x8&serials=bogus", $"/api/v1/lots/{lot.LotId}/labels.pdf?template={huge}",
            $"/api/v1/stamps/{lot.Serials[0]}/qr.png?size=63", $"/api/v1/stamps/{lot.Serials[0]}/qr.svg?size=2049", $"/api/v1/stamps/{lot.Serials[0]}/qr.png?size=2048",
        ];
        string[] feedUrls =
        [
            "/feeds/listings.json?cursor=-1", $"/feeds/listings.json?cursor={huge}", "/feeds/listings.json?cursor=9223372036854775807",
            "/feeds/listings.json?cursor=%F0%9F%8D%8B", "/feeds/listings.json?limit=0", "/feeds/listings.json?limit=2147483648", "/feeds/listings.json?cursor=AAAA====",
        ];
        string[] publicUrls =
        [
            $"{lot.Unit()}?lang={huge}", $"{lot.Unit()}?lang=%00", $"{lot.Unit()}?linkType=%27", $"{lot.Lot}?lang=zz",
            $"/01/08931234567890/10/{Uri.EscapeDataString(lot.LotCode)}/21/{lot.Serials[0]}", $"/01/abc/10/x/21/{lot.Serials[0]}",
            $"/01/{TracedLot.Gtin}/10/{huge}", $"/01/{TracedLot.Gtin}/10/%2F..%2F/21/{lot.Serials[0].ToLowerInvariant()}", "/01/12345678/10/x",
        ];
        var failures = new List<string>();
        foreach (var (client, url) in adminUrls.Select(u => (app.Admin(), u)).Concat(feedUrls.Select(u => (feeder, u))))
        {
            using var response = await client.GetAsync(url);
            await CheckAsync(response, Truncate(url), failures);
        }

        foreach (var url in publicUrls)
        {
            foreach (var accept in new[] { "text/html", "application/json", "application/linkset+json", "image/png" })
            {
                using var response = await TraceSeed.Get(app.Anonymous(), url, accept);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{Truncate(url)} as {accept}: {(int)response.StatusCode}");
                }
            }
        }

        output.WriteLine($"Edge queries: {adminUrls.Length + feedUrls.Length + (publicUrls.Length * 4)} requests");
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task The_empty_guid_and_unknown_owners_are_404_not_500_or_an_empty_list()
    {
        var farm = await app.FarmAsync();
        var empty = Guid.Empty;
        await (await farm.Household.PostJson($"/api/v1/batches/{empty}/planting", new { plantedOn = "2026-01-15" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Household.PostJson($"/api/v1/batches/{empty}/close", new { })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Cooperative.PostJson($"/api/v1/listings/{empty}/delist", new { })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await app.Admin().GetAsync($"/api/v1/cooperatives/{Guid.NewGuid()}/marketplace-accounts")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await app.Admin().GetAsync($"/api/v1/cooperatives/{farm.CooperativeId}/marketplace-accounts")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413_problems()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);

        var big = $$"""{"name":"{{new string('a', 1536 * 1024)}}","provinceCode":"31","communeCode":"11059"}""";
        var problem = await (await app.Admin().Send(HttpMethod.Post, "/api/v1/cooperatives", big)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        problem["limitBytes"]!.GetValue<long>().Should().Be(1024 * 1024);

        var steps = string.Join(',', Enumerable.Range(0, 2000).Select(i => $$"""{"type":"activity","kind":"observation","occurredAt":"2026-06-01T00:00:00Z","clientStepId":"c{{i}}","notes":"{{new string('n', 2100)}}"}"""));
        var bulk = $$"""{"steps":[{{steps}}]}""";
        Encoding.UTF8.GetByteCount(bulk).Should().BeGreaterThan(4 * 1024 * 1024);
        var bulkProblem = await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{batchId}/steps:bulk", bulk))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        bulkProblem["limitBytes"]!.GetValue<long>().Should().Be(4 * 1024 * 1024);

        // Between the two limits steps:bulk reads the body (and answers for it), while a normal route refuses it.
        var middling = $$"""{"steps":[{"type":"activity","kind":"observation","occurredAt":"2026-06-01T00:00:00Z","clientStepId":"m1","notes":"x"}],"pad":"{{new string('p', 1536 * 1024)}}"}""";
        var answer = await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{batchId}/steps:bulk", middling);
        ((int)answer.StatusCode).Should().BeOneOf(200, 400);
    }

    [Fact]
    public async Task Page_sizes_are_capped()
    {
        var lot = await app.TracedAsync(stamps: 2);
        await (await lot.Farm.Cooperative.GetAsync($"/api/v1/lots/{lot.LotId}/stamps?pageSize=5000")).ExpectFieldErrors("pageSize");
        await (await lot.Farm.Cooperative.GetAsync($"/api/v1/lots/{lot.LotId}/stamps?page=0")).ExpectFieldErrors("page");
        await (await lot.Farm.Cooperative.GetAsync($"/api/v1/lots/{lot.LotId}/stamps?pageSize=1000")).Expect(HttpStatusCode.OK);
        var qr = await lot.Farm.Cooperative.GetAsync($"/api/v1/stamps/{lot.Serials[0]}/qr.png?size=100000");
        await qr.ExpectFieldErrors("size");
    }

    /// <summary>One property at a time of a valid body: wrong type, null, 100 KB, hostile text, bad dates, edge numbers.</summary>
    private static IEnumerable<(string Description, string Body)> Mutations(JsonObject valid, JsonObject schema, JsonObject schemas)
    {
        yield return ("the valid body itself", valid.ToJsonString());
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var (name, propertySchema) in properties)
        {
            var kind = Kind(propertySchema, schemas);
            var values = new List<(string, JsonNode?)> { ("null", null), ("wrong type", Wrong(kind)) };
            if (kind is "string" or "date")
            {
                values.Add(("100 KB", JsonValue.Create(Huge)));
                values.Add(("hostile text", JsonValue.Create(Hostile)));
                values.Add(("empty", JsonValue.Create("")));
            }

            if (Resolve(propertySchema, schemas)["format"]?.GetValue<string>() == "uuid")
            {
                values.Add(("the empty GUID", JsonValue.Create(Guid.Empty)));
                values.Add(("an unknown GUID", JsonValue.Create(Guid.NewGuid())));
            }

            if (kind == "date")
            {
                values.AddRange(BadDates.Select(d => ($"\"{d}\"", (JsonNode?)JsonValue.Create(d))));
            }

            if (kind is "integer" or "number")
            {
                values.Add(("-1", JsonValue.Create(-1)));
                values.Add(("0", JsonValue.Create(0)));
                values.Add(("huge", kind == "integer" ? JsonValue.Create(long.MaxValue) : JsonValue.Create(1e308)));
                values.Add(("fraction", JsonValue.Create(0.5)));
            }

            if (kind == "array")
            {
                values.Add(("10,000 elements", new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create($"x{i}"))])));
            }

            foreach (var (description, value) in values)
            {
                var body = valid.DeepClone().AsObject();
                body[name] = value?.DeepClone();
                yield return ($"valid body but {name} {description}", body.ToJsonString());
            }
        }
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    /// <summary>A valid body with one field breaking one rule the schema states; the field a 400 must name.</summary>
    private static IEnumerable<(string Description, string Field, string Body)> RuleBreakers(JsonObject valid, JsonObject schema, JsonObject schemas)
    {
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            if (required.Contains(name))
            {
                var without = valid.DeepClone().AsObject();
                without.Remove(name);
                yield return ($"{name} left out (required)", name, without.ToJsonString());
            }

            var rules = Resolve(property, schemas);
            var broken = new List<(string, JsonNode?)>();
            if (rules["maxLength"]?.GetValue<int>() is { } maxLength)
            {
                broken.Add(($"{maxLength + 1} characters (maxLength {maxLength})", JsonValue.Create(new string('x', maxLength + 1))));
            }

            broken.AddRange(NumbersPastBounds(rules).Select(b => ($"{b.Value} ({b.Description})", (JsonNode?)JsonNode.Parse(b.Value))));
            if (rules["enum"] is JsonArray values)
            {
                broken.Add(($"\"not-one-of-them\" (enum {string.Join('|', values)})", JsonValue.Create("not-one-of-them")));
            }

            if (valid[name] is JsonArray items && items.Count > 0)
            {
                if (rules["minItems"]?.GetValue<int>() is { } minItems and > 0)
                {
                    broken.Add(($"{minItems - 1} items (minItems {minItems})", new JsonArray([.. items.Take(minItems - 1).Select(i => i!.DeepClone())])));
                }

                if (rules["maxItems"]?.GetValue<int>() is { } maxItems)
                {
                    broken.Add(($"{maxItems + 1} items (maxItems {maxItems})", new JsonArray([.. Enumerable.Range(0, maxItems + 1).Select(_ => items[0]!.DeepClone())])));
                }

                if (rules["uniqueItems"]?.GetValue<bool>() == true)
                {
                    broken.Add(("an item twice (uniqueItems)", new JsonArray(items[0]!.DeepClone(), items[0]!.DeepClone())));
                }
            }

            foreach (var (description, value) in broken)
            {
                var body = valid.DeepClone().AsObject();
                body[name] = value;
                yield return ($"{name} {description}", name, body.ToJsonString());
            }
        }
    }

    /// <summary>Numbers just past the bounds a schema states (as JSON text).</summary>
    private static IEnumerable<(string Description, string Value)> NumbersPastBounds(JsonObject schema)
    {
        var exclusive = schema["exclusiveMinimum"]?.GetValue<bool>() == true;
        if (schema["minimum"] is JsonValue minimum)
        {
            var bound = decimal.Parse(minimum.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            yield return (exclusive ? $"exclusiveMinimum {bound}" : $"minimum {bound}", (exclusive ? bound : bound - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (schema["maximum"] is JsonValue maximum)
        {
            var bound = decimal.Parse(maximum.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            yield return ($"maximum {bound}", (bound + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static HttpClient CallerFor(HomeFarm home, Roles allowed)
    {
        var name = allowed == Roles.Public ? "no key"
            : allowed.HasFlag(Roles.Admin) ? "admin"
            : allowed.HasFlag(Roles.Cooperative) ? "cooperative"
            : allowed.HasFlag(Roles.Household) ? "household"
            : allowed.HasFlag(Roles.Auditor) ? "auditor"
            : "marketplace";
        return home.Callers[name].Client;
    }

    /// <summary>
    /// Never a 5xx; a refusal is a problem with a stable type, and (given the operation's <paramref name="documented"/>
    /// spec) one of the problem types the document lists for that status.
    /// </summary>
    private static async Task CheckAsync(HttpResponseMessage response, string what, List<string> failures, JsonObject? documented = null)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            failures.Add($"{what}: {status} {Truncate(text)}");
            return;
        }

        if (status < 400)
        {
            return;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}");
            return;
        }

        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            failures.Add($"{what}: {status} problem is not JSON");
            return;
        }

        var type = problem?["type"]?.GetValue<string>();
        if (type is null || !type.StartsWith(ProblemPrefix, StringComparison.Ordinal))
        {
            failures.Add($"{what}: {status} problem type {type ?? "(none)"}");
            return;
        }

        if (status == 400 && type == ProblemPrefix + "validation" && (problem!["errors"] as JsonObject)?.Count is null or 0)
        {
            failures.Add($"{what}: a validation problem naming no field: {Truncate(text)}");
        }

        if (documented is not null && DocumentedProblemTypes(documented, status) is var types && !types.Contains(type))
        {
            failures.Add(types.Count == 0
                ? $"{what}: {status} {type}, but the document lists no {status} answer"
                : $"{what}: {status} {type}, not among the documented {string.Join(", ", types)}");
        }
    }

    /// <summary>The problem types the document lists for an operation's <paramref name="status"/> answer (the enum of its problem's <c>type</c>).</summary>
    private static List<string> DocumentedProblemTypes(JsonObject operation, int status) =>
        (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/problem+json"]?["schema"]?["allOf"]?.AsArray() ?? [])
            .SelectMany(part => part?["properties"]?["type"]?["enum"]?.AsArray() ?? [])
            .Select(value => value!.GetValue<string>())
            .ToList();

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static JsonObject Resolve(JsonNode? schema, JsonObject schemas)
    {
        var node = schema?.AsObject() ?? [];
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = schemas[reference["#/components/schemas/".Length..]]!.AsObject();
        }

        return node;
    }

    private static string Kind(JsonNode? schema, JsonObject schemas)
    {
        var resolved = Resolve(schema, schemas);
        var type = resolved["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue value => value.GetValue<string>(),
            _ => resolved["properties"] is not null ? "object" : null,
        };
        var format = resolved["format"]?.GetValue<string>();
        return type == "string" && format is "date" or "date-time" ? "date" : type ?? "unknown";
    }

    private static JsonNode Wrong(string kind) => kind switch
    {
        "string" or "date" => JsonValue.Create(12345),
        "integer" or "number" => JsonValue.Create("abc"),
        "boolean" => JsonValue.Create("maybe"),
        "array" => new JsonObject { ["a"] = 1 },
        "object" => new JsonArray(1, 2),
        _ => new JsonArray(),
    };

    /// <summary>Bodies built from the schema's own properties: wrong types, nulls, huge and hostile text, bad dates, edge numbers.</summary>
    private static IEnumerable<(string Description, string Body)> BadBodies(JsonObject schema, JsonObject schemas)
    {
        var properties = (schema["properties"] as JsonObject)?.Select(p => (p.Key, Kind(p.Value, schemas), Schema: p.Value)).ToList() ?? [];

        foreach (var (name, kind, _) in properties)
        {
            yield return ($"{name} of the wrong type", new JsonObject { [name] = Wrong(kind) }.ToJsonString());
        }

        yield return ("every property null", Fill(properties, _ => null).ToJsonString());
        yield return ("100 KB strings", Fill(properties, k => k is "string" or "date" ? JsonValue.Create(Huge) : null, skipOthers: true).ToJsonString());
        yield return ("hostile text", Fill(properties, k => k is "string" ? JsonValue.Create(Hostile) : null, skipOthers: true).ToJsonString());
        yield return ("numbers too large", Fill(properties, k => k is "integer" ? JsonValue.Create(9.3e18) : k is "number" ? JsonValue.Create(1e308) : null, skipOthers: true).ToJsonString());
        yield return ("negative numbers", Fill(properties, k => k is "integer" or "number" ? JsonValue.Create(-1) : null, skipOthers: true).ToJsonString());
        foreach (var date in BadDates)
        {
            yield return ($"dates \"{date}\"", Fill(properties, k => k is "date" ? JsonValue.Create(date) : null, skipOthers: true).ToJsonString());
        }

        // Arrays of objects (steps, inspection results): the same inside one element.
        foreach (var (name, kind, propertySchema) in properties)
        {
            if (kind != "array")
            {
                continue;
            }

            var items = Resolve(Resolve(propertySchema, schemas)["items"], schemas);
            var itemProperties = (items["properties"] as JsonObject)?.Select(p => (p.Key, Kind(p.Value, schemas), Schema: p.Value)).ToList();
            yield return ($"{name}: [null]", new JsonObject { [name] = new JsonArray((JsonNode?)null) }.ToJsonString());
            yield return ($"{name}: [\"x\", 1, {{}}]", new JsonObject { [name] = new JsonArray("x", 1, new JsonObject()) }.ToJsonString());
            if (itemProperties is null)
            {
                continue;
            }

            foreach (var (itemName, itemKind, _) in itemProperties)
            {
                yield return ($"{name}[0].{itemName} of the wrong type", new JsonObject { [name] = new JsonArray(new JsonObject { [itemName] = Wrong(itemKind) }) }.ToJsonString());
            }

            yield return ($"{name}[0] all null", new JsonObject { [name] = new JsonArray(Fill(itemProperties, _ => null)) }.ToJsonString());
            yield return ($"{name}[0] hostile text", new JsonObject { [name] = new JsonArray(Fill(itemProperties, k => k is "string" ? JsonValue.Create(Hostile) : null, skipOthers: true)) }.ToJsonString());
            foreach (var date in BadDates)
            {
                var step = Fill(itemProperties, k => k is "date" ? JsonValue.Create(date) : null, skipOthers: true);
                if (itemProperties.Any(p => p.Key == "type"))
                {
                    step["type"] = "harvest";
                }

                yield return ($"{name}[0] dates \"{date}\"", new JsonObject { [name] = new JsonArray(step) }.ToJsonString());
            }
        }
    }

    private static JsonObject Fill(List<(string Key, string Kind, JsonNode? Schema)> properties, Func<string, JsonNode?> value, bool skipOthers = false)
    {
        var body = new JsonObject();
        foreach (var (name, kind, _) in properties)
        {
            var v = value(kind);
            if (v is not null || !skipOthers)
            {
                body[name] = v;
            }
        }

        return body;
    }
}
