using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Platform;

public sealed class OpenApiDocumentTests(AgriApp app) : IClassFixture<AgriApp>
{
    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HaiDuong.Agri.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("Repository root not found"), .. parts]);
    }

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = await (await app.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var committed = await File.ReadAllTextAsync(RepositoryFile("openapi", "openapi.json"));
        served.ReplaceLineEndings().TrimEnd().Should().Be(
            committed.ReplaceLineEndings().TrimEnd(),
            "openapi/openapi.json must match the code: regenerate it as README.md says (dotnet swagger tofile …)");
    }

    [Fact]
    public async Task Every_operation_has_a_tag_and_declares_its_problem_responses()
    {
        var document = await (await app.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!)))
            .ToList();
        operations.Should().HaveCountGreaterThan(15);
        foreach (var (name, operation) in operations)
        {
            operation["tags"]!.AsArray().Should().NotBeEmpty(name);
            var responses = operation["responses"]!.AsObject();
            if (!name.Contains(" /01/", StringComparison.Ordinal))
            {
                responses.Select(r => r.Key).Should().Contain(["401", "403"], name);
            }

            // The public resolver's 404 is its warning page (HTML or the JSON trace view), not a problem.
            var isTracePage = name.Contains(" /01/", StringComparison.Ordinal);
            foreach (var problem in responses.Where(r => (r.Key.StartsWith('4') || r.Key.StartsWith('5')) && !(isTracePage && r.Key == "404")))
            {
                problem.Value!["content"]!.AsObject().Select(c => c.Key).Should().Contain("application/problem+json", $"{name} {problem.Key}");
            }
        }

        ((JsonObject)document["paths"]!).Select(p => p.Key).Should().Contain([
            "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/cooperatives", "/api/v1/households", "/api/v1/households/{id}",
            "/api/v1/growing-areas", "/api/v1/batches", "/api/v1/batches/{id}", "/api/v1/batches/{id}/planting",
            "/api/v1/batches/{id}/inputs", "/api/v1/batches/{id}/activities", "/api/v1/batches/{id}/harvests",
            "/api/v1/batches/{id}/steps:bulk", "/api/v1/batches/{id}/close", "/api/v1/batches/{id}/timeline",
            "/api/v1/certification-bodies", "/api/v1/certification/schemes/{scheme}/checklist", "/api/v1/certification/inspections",
            "/api/v1/certificates", "/api/v1/certificates/{id}/suspension", "/api/v1/certificates/{id}/reinstatement",
            "/api/v1/growing-areas/{id}/certificates", "/api/v1/lots", "/api/v1/lots/{id}", "/api/v1/lots/{id}/stamps",
            "/api/v1/lots/{id}/labels.pdf", "/api/v1/stamps/{serial}/void", "/api/v1/stamps/{serial}/qr.png", "/api/v1/stamps/{serial}/qr.svg",
            "/api/v1/households/{id}/marketplace-accounts", "/api/v1/cooperatives/{id}/marketplace-accounts", "/api/v1/listings",
            "/api/v1/listings/{id}", "/api/v1/listings/{id}/price", "/api/v1/listings/{id}/stock", "/api/v1/listings/{id}/delist",
            "/api/v1/marketplace-sync/dead-letters", "/api/v1/marketplace-sync/dead-letters/{id}/replay", "/api/v1/marketplace/orders",
            "/feeds/listings.json", "/feeds/google-merchant.xml", "/feeds/google-merchant.tsv", "/feeds/meta.csv",
            "/api/v1/households/{id}/training", "/api/v1/households/{id}/onboarding", "/api/v1/stats", "/api/v1/stats/communes.csv",
            "/api/v1/lots/{id}/epcis", "/api/v1/exports/fsma204.csv", "/api/v1/lots/{id}/recall",
        ]);
    }

    [Fact]
    public async Task The_document_lists_304_where_a_GET_revalidates_and_only_there()
    {
        var paths = (await (await app.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK))["paths"]!;
        IEnumerable<string> Statuses(string path) => paths[path]!["get"]!["responses"]!.AsObject().Select(r => r.Key);

        // Typed results declare what the endpoint answers: registry records revalidate, views with claims computed when read do not.
        Statuses("/api/v1/households/{id}").Should().Contain(["200", "304"]);
        Statuses("/api/v1/batches/{id}/timeline").Should().Contain(["200", "304"]);
        Statuses("/api/v1/batches/{id}").Should().Contain("200").And.NotContain("304");
        Statuses("/api/v1/lots/{id}").Should().Contain("200").And.NotContain("304");
        paths["/api/v1/api-keys/{id}"]!["delete"]!["responses"]!.AsObject().Select(r => r.Key).Should().Contain("204");
        paths["/api/v1/marketplace/orders"]!["post"]!["responses"]!.AsObject().Select(r => r.Key).Should().Contain(["201", "200"]);
    }

    [Fact]
    public async Task Every_operation_has_its_own_id()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).Should().NotContainNulls().And.OnlyHaveUniqueItems();
        operations.Single(o => o.Name == "HEAD /01/{gtin}/10/{lot}/21/{serial}").Operation["operationId"]!.GetValue<string>().Should().Be("TraceUnitHead");
        operations.Single(o => o.Name == "GET /01/{gtin}/10/{lot}/21/{serial}").Operation["operationId"]!.GetValue<string>().Should().Be("TraceUnit");
    }

    [Fact]
    public async Task Public_routes_need_no_key_and_the_others_name_theirs()
    {
        var document = await DocumentAsync();
        document["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).Should().BeEquivalentTo(["bearer", "session"]);
        foreach (var (name, operation) in Operations(document))
        {
            if (name.Contains(" /01/", StringComparison.Ordinal) || name == "POST /api/v1/sessions")
            {
                operation["security"].Should().BeOfType<JsonArray>(name).Which.Should().BeEmpty(name);
            }
            else if (name.Contains(" /feeds/", StringComparison.Ordinal))
            {
                // Feeds take an API key; browser sessions act on /api/ only.
                operation["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).Should().Equal(["bearer"], name);
            }
            else
            {
                operation["security"].Should().BeNull(name);
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/lots/{id}/labels.pdf", "application/pdf", "binary")]
    [InlineData("/api/v1/households/{id}/sign-in-codes/{codeId}/card.pdf", "application/pdf", "binary")]
    [InlineData("/api/v1/stamps/{serial}/qr.png", "image/png", "binary")]
    [InlineData("/api/v1/stamps/{serial}/qr.svg", "image/svg+xml", null)]
    [InlineData("/api/v1/exports/fsma204.csv", "text/csv", null)]
    [InlineData("/api/v1/stats/communes.csv", "text/csv", null)]
    [InlineData("/feeds/meta.csv", "text/csv", null)]
    [InlineData("/feeds/google-merchant.tsv", "text/tab-separated-values", null)]
    [InlineData("/feeds/google-merchant.xml", "application/xml", null)]
    public async Task File_answers_have_a_content_entry(string path, string contentType, string? format)
    {
        var document = await DocumentAsync();
        var content = document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        content.Select(c => c.Key).Should().Equal(contentType);
        var schema = content[contentType]!["schema"]!;
        schema["type"]!.GetValue<string>().Should().Be("string");
        schema["format"]?.GetValue<string>().Should().Be(format);
    }

    [Fact]
    public async Task The_EPCIS_answer_is_a_JSON_LD_document_with_its_envelope()
    {
        var document = await DocumentAsync();
        var content = document["paths"]!["/api/v1/lots/{id}/epcis"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        content.Select(c => c.Key).Should().Equal("application/ld+json");
        var schema = Resolve(document, content["application/ld+json"]!["schema"]!);
        schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Contain(["@context", "type", "schemaVersion", "creationDate", "epcisBody"]);
        schema["properties"]!["type"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal("EPCISDocument");
    }

    [Fact]
    public async Task The_resolver_documents_the_page_the_trace_view_and_a_linkset_of_its_own()
    {
        var document = await DocumentAsync();
        foreach (var path in new[] { "/01/{gtin}/10/{lot}/21/{serial}", "/01/{gtin}/10/{lot}" })
        {
            var ok = document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!;
            ok["text/html"]!["schema"]!["type"]!.GetValue<string>().Should().Be("string");
            ok["application/json"]!["schema"]!["$ref"]!.GetValue<string>().Should().EndWith("/TraceView");
            var linkset = ok["application/linkset+json"]!["schema"]!;
            linkset["$ref"]!.GetValue<string>().Should().NotEndWith("/TraceView");
            var context = Resolve(document, Resolve(document, linkset)["properties"]!["linkset"]!["items"]!);
            context["properties"]!.AsObject().Select(p => p.Key).Should().Contain(["anchor", "https://gs1.org/voc/pip", "https://gs1.org/voc/traceability"]);
            var link = Resolve(document, context["properties"]!["https://gs1.org/voc/pip"]!["items"]!);
            link["properties"]!.AsObject().Select(p => p.Key).Should().Contain(["href", "type", "title"]);
            document["paths"]![path]!["get"]!["responses"]!["404"]!["content"]!["text/html"]!["schema"]!["type"]!.GetValue<string>().Should().Be("string");
        }
    }

    [Fact]
    public async Task Request_bodies_say_what_their_checks_require_and_bound()
    {
        var document = await DocumentAsync();
        var packLot = Resolve(document, Schema("PackLotRequest"));
        Required(packLot).Should().BeEquivalentTo(["batchId", "gtin", "packedOn", "unitCount", "netWeightGrams", "productName"]);
        var properties = packLot["properties"]!;
        foreach (var required in Required(packLot))
        {
            properties[required]!["nullable"].Should().BeNull($"{required} is required, so never null");
        }

        properties["packaging"]!["nullable"]!.GetValue<bool>().Should().BeTrue("an optional field may be sent as null");
        properties["productName"]!["maxLength"]!.GetValue<int>().Should().Be(150);
        properties["productName"]!["minLength"]!.GetValue<int>().Should().Be(1);
        properties["packaging"]!["maxLength"]!.GetValue<int>().Should().Be(100);
        properties["lotCode"]!["maxLength"]!.GetValue<int>().Should().Be(20);
        properties["unitCount"]!["minimum"]!.GetValue<int>().Should().Be(1);
        properties["unitCount"]!["maximum"]!.GetValue<int>().Should().Be(1_000_000);
        properties["gtin"]!["pattern"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        properties["batchId"]!["format"]!.GetValue<string>().Should().Be("uuid");
        properties["packedOn"]!["format"]!.GetValue<string>().Should().Be("date");

        var activity = Resolve(document, Schema("ActivityRequest"));
        Required(activity).Should().BeEquivalentTo(["kind", "occurredAt"]);
        activity["properties"]!["occurredAt"]!["format"]!.GetValue<string>().Should().Be("date-time");

        var listing = Resolve(document, Schema("PublishListingRequest"))["properties"]!;
        listing["priceVnd"]!["exclusiveMinimum"]!.GetValue<bool>().Should().BeTrue();
        listing["imageUrls"]!["maxItems"]!.GetValue<int>().Should().Be(10);
        listing["imageUrls"]!["items"]!["format"]!.GetValue<string>().Should().Be("uri");
        listing["marketplaces"]!["minItems"]!.GetValue<int>().Should().Be(1);
        listing["marketplaces"]!["uniqueItems"]!.GetValue<bool>().Should().BeTrue();

        // A bulk step's fields are those of its type's route: the type is an enum, and kind takes the values of both kinds.
        var step = Resolve(document, Schema("BulkStep"));
        Required(step).Should().BeEquivalentTo(["type", "clientStepId"]);
        step["properties"]!["type"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("planting", "input", "activity", "harvest");
        step["properties"]!["kind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Contain(["pesticide", "irrigation"]);
        step["properties"]!["unit"]!["maxLength"]!.GetValue<int>().Should().Be(20);

        var apiKey = Resolve(document, Schema("CreateApiKeyRequest"));
        Required(apiKey).Should().BeEquivalentTo(["role", "label"]);
        apiKey["properties"]!["marketplace"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("shopee", "lazada", "tiktok", "webhook");

        // A request no check looks at has nothing required.
        Resolve(document, Schema("ReinstatementRequest"))["required"].Should().BeNull();
    }

    [Fact]
    public async Task Query_parameters_say_what_their_checks_require_and_bound()
    {
        var paths = (await DocumentAsync())["paths"]!;
        JsonObject Parameter(string path, string name) =>
            paths[path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!.AsObject();

        foreach (var name in new[] { "from", "to" })
        {
            Parameter("/api/v1/exports/fsma204.csv", name)["required"]!.GetValue<bool>().Should().BeTrue();
            Parameter("/api/v1/exports/fsma204.csv", name)["schema"]!["format"]!.GetValue<string>().Should().Be("date");
        }

        Parameter("/api/v1/lots/{id}/stamps", "pageSize")["schema"]!["maximum"]!.GetValue<int>().Should().Be(1000);
        Parameter("/api/v1/stamps/{serial}/qr.png", "size")["schema"]!["minimum"]!.GetValue<int>().Should().Be(64);
        Parameter("/api/v1/stamps/{serial}/qr.png", "size")["schema"]!["maximum"]!.GetValue<int>().Should().Be(2048);
        Parameter("/api/v1/stats", "communeCode")["schema"]!["pattern"]!.GetValue<string>().Should().Be("^[0-9]{1,10}$");
    }

    [Fact]
    public async Task Every_problem_answer_lists_its_problem_types()
    {
        var document = await DocumentAsync();
        Resolve(document, Schema("Problem"))["required"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Contain(["type", "title", "status"]);
        document["components"]!["schemas"]!["ProblemDetails"].Should().BeNull("every problem answer uses Problem");
        foreach (var (name, operation) in Operations(document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Value!["content"]?["application/problem+json"] is not null))
            {
                var types = ProblemTypes(response!, "application/problem+json");
                types.Should().NotBeEmpty($"{name} {status}").And.OnlyContain(t => t.StartsWith("urn:haiduong-agri:problem:", StringComparison.Ordinal));
                response!["description"]!.GetValue<string>().Should().Contain(types[0]["urn:haiduong-agri:problem:".Length..], $"{name} {status}");
            }
        }

        var harvest = document["paths"]!["/api/v1/batches/{id}/harvests"]!["post"]!["responses"]!;
        ProblemTypes(harvest["409"]!, "application/problem+json").Should().Contain([
            "urn:haiduong-agri:problem:pre-harvest-interval", "urn:haiduong-agri:problem:batch-closed", "urn:haiduong-agri:problem:concurrent-write"]);
        ProblemTypes(harvest["400"]!, "application/problem+json").Should().BeEquivalentTo(
            ["urn:haiduong-agri:problem:validation", "urn:haiduong-agri:problem:malformed-request"]);
        ProblemTypes(harvest["412"]!, "application/problem+json").Should().Equal("urn:haiduong-agri:problem:version-mismatch");
        ProblemTypes(document["paths"]!["/api/v1/lots"]!["post"]!["responses"]!["409"]!, "application/problem+json")
            .Should().Contain(["urn:haiduong-agri:problem:lot-code-taken", "urn:haiduong-agri:problem:packed-exceeds-harvest"]);
        ProblemTypes(document["paths"]!["/01/{gtin}/10/{lot}/21/{serial}"]!["get"]!["responses"]!["429"]!, "application/problem+json")
            .Should().Equal("urn:haiduong-agri:problem:too-many-unknown-codes");
    }

    [Fact]
    public async Task Views_list_every_property_as_present_and_nullable_only_where_it_can_be_null()
    {
        var document = await DocumentAsync();
        var lot = Resolve(document, Schema("LotDetails"));
        Required(lot).Should().BeEquivalentTo(lot["properties"]!.AsObject().Select(p => p.Key), "every property of a view is written, null or not");
        lot["properties"]!["gtin"]!["nullable"].Should().BeNull();
        lot["properties"]!["recalledAt"]!["nullable"]!.GetValue<bool>().Should().BeTrue();

        // A linkset target leaves hreflang out rather than writing null.
        var link = Resolve(document, Schema("TraceLink"));
        Required(link).Should().NotContain("hreflang").And.Contain(["href", "type", "title"]);
        link["properties"]!["hreflang"]!["nullable"].Should().BeNull();
    }

    [Fact]
    public async Task Swagger_UI_is_served_in_production()
    {
        var ui = await app.Anonymous().GetAsync("/swagger/index.html");
        ui.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ui.Content.ReadAsStringAsync()).Should().Contain("swagger");
    }

    private async Task<JsonObject> DocumentAsync() =>
        (await (await app.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => (Name: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!.AsObject())));

    private static List<string> ProblemTypes(JsonNode response, string mediaType) =>
        (response["content"]![mediaType]!["schema"]!["allOf"]?.AsArray() ?? [])
            .SelectMany(part => part?["properties"]?["type"]?["enum"]?.AsArray() ?? [])
            .Select(value => value!.GetValue<string>())
            .ToList();

    private static JsonObject Schema(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static IEnumerable<string> Required(JsonObject schema) => schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [];

    /// <summary>Follows <c>$ref</c>s to the component schema they name.</summary>
    private static JsonObject Resolve(JsonObject document, JsonNode schema)
    {
        var node = schema.AsObject();
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!.AsObject();
        }

        return node;
    }
}
