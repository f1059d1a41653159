using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>
/// Every operation of the app's own OpenAPI document, called by every kind of caller on a real farm's objects, held to
/// the roles of <see cref="Routes.Allowed"/> (API.md and README.md).
/// </summary>
public sealed class AuthorizationMatrixTests(AgriApp app, ITestOutputHelper output) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task Every_operation_answers_each_caller_as_the_contract_says()
    {
        var home = await HomeFarm.SeedAsync(app);
        var (_, operations) = await Routes.FromOpenApiAsync(app);
        var failures = new List<string>();

        var unclassified = operations.Where(o => !Routes.Allowed.ContainsKey(o.Key)).Select(o => o.Key).ToList();
        failures.AddRange(unclassified.Select(k => $"{k}: not in Routes.Allowed (classify the new route)"));
        var stale = Routes.Allowed.Keys.Except(operations.Select(o => o.Key)).ToList();
        failures.AddRange(stale.Select(k => $"{k}: in Routes.Allowed but not in the OpenAPI document"));

        var ordered = operations
            .Where(o => Routes.Allowed.ContainsKey(o.Key))
            .OrderBy(Routes.Phase)
            .ToList();

        var checks = 0;
        var tally = new SortedDictionary<int, int>();
        foreach (var operation in ordered)
        {
            var allowed = Routes.Allowed[operation.Key];
            var query = Routes.ValidQuery.GetValueOrDefault(operation.Key, "");
            var owned = operation.Path.Contains("{id}", StringComparison.Ordinal) || operation.Path.Contains("{serial}", StringComparison.Ordinal);
            var isRead = operation.Method is "GET" or "HEAD";
            foreach (var (name, (role, foreign, client)) in home.Callers)
            {
                var path = home.Fill(operation.Path) + query;
                var (status, problemType) = await CallWithProblemAsync(client, operation, path);
                checks++;
                if (Undocumented(operation, status, problemType) is { } undocumented)
                {
                    failures.Add($"{operation.Key} as {name}: {undocumented}");
                }

                tally[status] = tally.GetValueOrDefault(status) + 1;
                var verdict = Judge(operation, allowed, role, foreign, owned, isRead, status);
                if (verdict is not null && foreign && status == 400 && owned && !isRead)
                {
                    // A body refused before the owner is looked up leaks nothing if an unknown id is refused the same way.
                    var unknown = await CallAsync(client, operation, home.Fill(operation.Path, unknown: true) + query);
                    verdict = unknown == 400 ? null : $"400 on the home object but {unknown} on an unknown one";
                }

                if (verdict is not null)
                {
                    failures.Add($"{operation.Key} as {name}: {status} — {verdict}");
                }
            }
        }

        output.WriteLine($"Authorization matrix: {ordered.Count} operations × {home.Callers.Count} callers = {checks} calls checked");
        output.WriteLine("Statuses: " + string.Join(", ", tally.Select(t => $"{t.Key}×{t.Value}")));
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
        checks.Should().BeGreaterThan(60 * home.Callers.Count - 1);
    }

    [Fact]
    public async Task Every_page_answers_each_caller_as_the_contract_says()
    {
        var home = await HomeFarm.SeedAsync(app);
        _ = await app.Anonymous().GetAsync("/health/live");
        var excluded = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();
        var failures = excluded.Where(k => !Routes.Pages.ContainsKey(k) && !Routes.DeskPages.ContainsKey(k) && !Routes.OutsideTheDocument.Contains(k))
            .Select(k => $"{k}: left out of the document but not in Routes.Pages or Routes.DeskPages (classify the new page)")
            .Concat(Routes.Pages.Keys.Except(excluded).Select(k => $"{k}: in Routes.Pages but not a route the document leaves out"))
            .ToList();

        var checks = 0;
        // Pages are opened with GET; the dashboard's one form action (signing out) is tested in DashboardPageTests.
        foreach (var (page, allowed) in Routes.Pages.Where(p => p.Key.StartsWith("GET ", StringComparison.Ordinal)))
        {
            var path = page[(page.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            foreach (var (name, (role, _, client)) in home.Callers)
            {
                var response = await client.GetAsync(path);
                checks++;
                var status = (int)response.StatusCode;
                var expected = allowed.HasFlag(Roles.Public) || (allowed & role) != 0 ? 200 : role == Roles.None ? 302 : 403;
                if (status != expected)
                {
                    failures.Add($"{page} as {name}: {status}, expected {expected}");
                }
                else if (status == 302 && response.Headers.Location?.OriginalString.StartsWith("/sign-in?returnUrl=", StringComparison.Ordinal) != true)
                {
                    failures.Add($"{page} as {name}: redirected to {response.Headers.Location}, not to the sign-in page");
                }
                else if (status == 403 && response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    failures.Add($"{page} as {name}: 403 as {response.Content.Headers.ContentType}, not a page");
                }
            }
        }

        output.WriteLine($"Pages: {Routes.Pages.Count} pages × {home.Callers.Count} callers = {checks} calls checked");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        failures.Should().BeEmpty();
    }

    private static async Task<int> CallAsync(HttpClient client, Routes.Operation operation, string path) =>
        (await CallWithProblemAsync(client, operation, path)).Status;

    /// <summary>The status, and the problem's type when the answer is a problem.</summary>
    private static async Task<(int Status, string? ProblemType)> CallWithProblemAsync(HttpClient client, Routes.Operation operation, string path)
    {
        var body = operation.HasJsonBody ? "{}" : null;
        using var response = await client.Send(new HttpMethod(operation.Method), path, body);
        var problemType = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())?["type"]?.GetValue<string>()
            : null;
        return ((int)response.StatusCode, problemType);
    }

    /// <summary>Null when the document lists the answer (its status, and a problem's type among that status' types), else what it misses.</summary>
    private static string? Undocumented(Routes.Operation operation, int status, string? problemType)
    {
        var response = operation.Spec["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response is null)
        {
            return $"{status}, which the document does not list";
        }

        if (problemType is null)
        {
            return null;
        }

        var types = (response["content"]?["application/problem+json"]?["schema"]?["allOf"]?.AsArray() ?? [])
            .SelectMany(part => part?["properties"]?["type"]?["enum"]?.AsArray() ?? [])
            .Select(value => value!.GetValue<string>())
            .ToList();
        return types.Contains(problemType) ? null : $"{status} {problemType}, not among the documented {string.Join(", ", types)}";
    }

    /// <summary>Null when the status fits the contract, else why not.</summary>
    private static string? Judge(Routes.Operation operation, Roles allowed, Roles role, bool foreign, bool owned, bool isRead, int status)
    {
        if (status >= 500)
        {
            return "a server error";
        }

        if (allowed == Roles.Open)
        {
            return status is not (401 or 403) ? null : "an open route should reach its handler without a key";
        }

        if (allowed == Roles.Public)
        {
            return status is >= 200 and < 300 ? null : "public route should answer 2xx to anyone";
        }

        if (role == Roles.None)
        {
            return status == 401 ? null : "expected 401 without a key";
        }

        if ((allowed & role) == 0)
        {
            return status == 403 ? null : $"role not allowed on {operation.Key}: expected 403";
        }

        if (foreign && owned)
        {
            return status is 403 or 404 ? null : "a foreign owner must not reach the home farm's object (expected 404)";
        }

        if (isRead)
        {
            return status is >= 200 and < 300 or 304 ? null : "an allowed read should answer 2xx";
        }

        return status is >= 200 and < 300 or 400 or 404 or 409 or 412 or 422 ? null : "an allowed caller should reach the handler";
    }

    [Fact]
    public async Task Foreign_owners_cannot_name_the_home_farms_objects_in_a_body()
    {
        var home = await HomeFarm.SeedAsync(app);
        var checks = 0;
        string[] creates =
        [
            "POST /api/v1/growing-areas", "POST /api/v1/batches", "POST /api/v1/lots", "POST /api/v1/listings",
            "POST /api/v1/households/{id}/marketplace-accounts", "POST /api/v1/cooperatives/{id}/marketplace-accounts",
            "POST /api/v1/batches/{id}/inputs", "POST /api/v1/batches/{id}/harvests", "POST /api/v1/batches/{id}/steps:bulk",
            "POST /api/v1/lots/{id}/stamps", "POST /api/v1/listings/{id}/stock", "POST /api/v1/households/{id}/training",
            "POST /api/v1/certification/inspections", "POST /api/v1/certificates",
        ];
        foreach (var operation in creates)
        {
            var method = operation.Split(' ')[0];
            var path = home.Fill(operation.Split(' ')[1]);
            var body = home.ValidBody(operation)!.ToJsonString();
            foreach (var name in new[] { "foreign cooperative", "foreign household" })
            {
                var response = await home.Callers[name].Client.Send(new HttpMethod(method), path, body);
                ((int)response.StatusCode).Should().BeOneOf([403, 404], "{0} as {1} names the home farm's objects; the answer was {2}",
                    operation, name, await response.Content.ReadAsStringAsync());
                checks++;
            }
        }

        // The auditor of another certification body cannot act on the home farm's certificate or see its body.
        var otherBody = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Tổ chức khác" })).Expect(HttpStatusCode.Created)).Id();
        var otherAuditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = otherBody, label = "other auditor" }));
        var suspension = await otherAuditor.PostJson($"/api/v1/certificates/{home.CertificateId}/suspension", new { reason = "giả mạo", from = "2026-03-01" });
        ((int)suspension.StatusCode).Should().BeOneOf(403, 404);
        var bodyView = await otherAuditor.GetAsync($"/api/v1/certification-bodies/{home.CertificationBodyId}");
        ((int)bodyView.StatusCode).Should().BeOneOf(403, 404);

        // Nor certify the home body's inspection (a certificate is the inspecting body's to issue), nor read it.
        var foreignCertificate = await otherAuditor.PostJson("/api/v1/certificates", home.ValidBody("POST /api/v1/certificates")!);
        ((int)foreignCertificate.StatusCode).Should().BeOneOf([403, 404], "the answer was {0}", await foreignCertificate.Content.ReadAsStringAsync());
        ((int)(await otherAuditor.GetAsync($"/api/v1/certification/inspections/{home.InspectionId}")).StatusCode).Should().BeOneOf(403, 404);
        var homeInspection = await (await app.Admin().GetAsync($"/api/v1/certification/inspections/{home.InspectionId}")).Expect(HttpStatusCode.OK);
        homeInspection["certificateId"]!.GetValue<string>().Should().Be(home.CertificateId);

        // An inspection naming a growing area that does not exist is 404 for any auditor, and records nothing.
        var unknownArea = home.ValidBody("POST /api/v1/certification/inspections")!;
        unknownArea["growingAreaIds"] = new JsonArray(Guid.NewGuid().ToString());
        await (await otherAuditor.PostJson("/api/v1/certification/inspections", unknownArea)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        checks += 4;
        var certificate = await (await app.Admin().GetAsync($"/api/v1/certificates/{home.CertificateId}")).Expect(HttpStatusCode.OK);
        certificate["status"]!.GetValue<string>().Should().Be("valid");

        // A marketplace key reports orders only for its own marketplace.
        var shopee = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee" }));
        var order = await shopee.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "webhook",
            externalOrderId = "SP-1",
            listingId = home.ListingId,
            quantity = 1,
            totalVnd = 45000,
            orderedAt = "2026-06-30T01:00:00Z",
        });
        ((int)order.StatusCode).Should().BeOneOf([400, 403, 404, 409], "the answer was {0}", await order.Content.ReadAsStringAsync());
        var listing = await (await home.Farm.Cooperative.GetAsync($"/api/v1/listings/{home.ListingId}")).Expect(HttpStatusCode.OK);
        listing["stock"]!.GetValue<int>().Should().Be(10);

        output.WriteLine($"Foreign bodies: {checks + 3} calls checked");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger")]
    [InlineData("/swagger/index.html")]
    public async Task Operations_routes_outside_the_document_need_no_key(string path)
    {
        var response = await app.Anonymous().GetAsync(path);
        ((int)response.StatusCode).Should().BeInRange(200, 399, "{0} is public", path);
        var withBadKey = await app.As("agri_not_a_real_key").GetAsync(path);
        ((int)withBadKey.StatusCode).Should().BeInRange(200, 399, "{0} ignores keys", path);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var farm = await app.FarmAsync();
        var created = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "household", householdId = farm.HouseholdId, label = "lost phone" }))
            .Expect(HttpStatusCode.Created);
        var client = app.As(created["key"]!.GetValue<string>());
        await (await client.GetAsync($"/api/v1/households/{farm.HouseholdId}")).Expect(HttpStatusCode.OK);

        (await app.Admin().Send(HttpMethod.Delete, $"/api/v1/api-keys/{created.Id()}", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/api/v1/households/{farm.HouseholdId}")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.PostJson("/api/v1/batches", new { growingAreaId = farm.GrowingAreaId, crop = "vải thiều" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Only_admins_create_or_revoke_keys()
    {
        var home = await HomeFarm.SeedAsync(app);
        foreach (var (name, (role, _, client)) in home.Callers.Where(c => c.Value.Role is not Roles.None and not Roles.Admin))
        {
            foreach (var request in new object[]
            {
                new { role = "admin", label = "escalate" },
                new { role = "cooperative", cooperativeId = home.Farm.CooperativeId, label = "escalate" },
                new { role = "household", householdId = home.Farm.HouseholdId, label = "escalate" },
            })
            {
                var response = await client.PostJson("/api/v1/api-keys", request);
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "{0} ({1}) must not issue keys", name, role);
            }

            (await client.Send(HttpMethod.Delete, $"/api/v1/api-keys/{home.ThrowawayKeyId}", null)).StatusCode
                .Should().Be(HttpStatusCode.Forbidden, "{0} must not revoke keys", name);
        }
    }

    [Fact]
    public async Task A_household_cannot_register_a_growing_area_for_another_household()
    {
        var home = await app.FarmAsync();
        var other = await app.FarmAsync();
        var response = await home.Household.PostJson("/api/v1/growing-areas", new
        {
            householdId = other.HouseholdId,
            name = "Vườn của người khác",
            crop = "vải thiều",
            areaM2 = 100,
            communeCode = "11059",
        });
        await response.ExpectProblem(HttpStatusCode.NotFound, "not-found");

        // Its own cooperative's neighbour is not its own either.
        var neighbour = await app.HouseholdAsync(home.CooperativeId, "Lê Văn Cường");
        await (await home.Household.PostJson("/api/v1/growing-areas", new { householdId = neighbour, name = "Vườn", crop = "vải", areaM2 = 100, communeCode = "11059" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_cooperative_cannot_register_a_household_into_another_cooperative()
    {
        var home = await app.FarmAsync();
        var otherCooperative = await app.CooperativeAsync("HTX khác");
        var response = await home.Cooperative.PostJson("/api/v1/households", new
        {
            name = "Phạm Thị Dung",
            phone = "0912000111",
            provinceCode = "31",
            communeCode = "11059",
            cooperativeId = otherCooperative,
        });
        await response.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Server_computed_fields_in_a_body_are_ignored_or_refused()
    {
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();

        var batch = await farm.Household.PostJson("/api/v1/batches", new
        {
            growingAreaId = farm.GrowingAreaId,
            crop = "vải thiều",
            householdId = other.HouseholdId,
            cooperativeId = other.CooperativeId,
            status = "closed",
            version = 42,
        });
        output.WriteLine($"batch with server fields → {(int)batch.StatusCode}");
        if (batch.StatusCode != HttpStatusCode.BadRequest)
        {
            var view = await batch.Expect(HttpStatusCode.Created);
            view["householdId"]!.GetValue<string>().Should().Be(farm.HouseholdId);
            view["cooperativeId"]!.GetValue<string>().Should().Be(farm.CooperativeId);
            view["status"]!.GetValue<string>().Should().NotBe("closed");
            view["version"]!.GetValue<long>().Should().BeLessThan(42);
        }

        var lot = await app.PackedLotAsync(units: 10, farm: farm);
        var recalled = await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId = (await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lot.LotId}")).Expect(HttpStatusCode.OK))["batchId"]!.GetValue<string>(),
            gtin = "8931234567897",
            packedOn = "2026-06-04",
            unitCount = 5,
            netWeightGrams = 1000,
            productName = "Vải thiều",
            recalledAt = "2026-06-05T00:00:00Z",
            recallReason = "forged",
            stampsIssued = 500,
        });
        output.WriteLine($"lot with server fields → {(int)recalled.StatusCode}");
        if (recalled.StatusCode != HttpStatusCode.BadRequest)
        {
            var view = await recalled.Expect(HttpStatusCode.Created);
            view["recalledAt"].Should().BeNull();
            view["stampsIssued"]!.GetValue<int>().Should().Be(0);
        }
    }

    [Fact]
    public async Task An_inspection_saying_it_passed_is_still_computed_from_its_results()
    {
        var farm = await app.FarmAsync();
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Trung tâm Kiểm định" })).Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        var points = (await (await auditor.GetAsync("/api/v1/certification/schemes/vietgap/checklist")).Expect(HttpStatusCode.OK))["controlPoints"]!.AsArray();
        var failedMajor = points.First(p => p!["level"]!.GetValue<string>() == "major")!["id"]!.GetValue<string>();
        var response = await auditor.PostJson("/api/v1/certification/inspections", new
        {
            scheme = "vietgap",
            growingAreaIds = new[] { farm.GrowingAreaId },
            inspectedOn = "2026-01-10",
            results = points.Select(p => new { controlPointId = p!["id"]!.GetValue<string>(), compliant = p["id"]!.GetValue<string>() != failedMajor }),
            passed = true,
            majorCompliancePercent = 100,
            failedControlPoints = Array.Empty<string>(),
        });
        output.WriteLine($"inspection with passed = true → {(int)response.StatusCode}");
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            var inspection = await response.Expect(HttpStatusCode.Created);
            inspection["passed"]!.GetValue<bool>().Should().BeFalse();
            inspection["failedControlPoints"]!.AsArray().Select(DescribeFailed).Should().Contain(failedMajor);
        }
    }

    private static string DescribeFailed(JsonNode? node) =>
        node is JsonObject o ? (o["controlPointId"] ?? o["id"])!.GetValue<string>() : node!.GetValue<string>();
}
