using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Batches;

public sealed class BatchLifecycleTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task A_lychee_batch_goes_from_planting_to_harvest_and_close()
    {
        var farm = await app.FarmAsync();
        var started = await farm.Household.StartBatchAsync(farm.GrowingAreaId);
        var id = started.Id();
        started["status"]!.GetValue<string>().Should().Be("started");
        started["householdId"]!.GetValue<string>().Should().Be(farm.HouseholdId);
        started["cooperativeId"]!.GetValue<string>().Should().Be(farm.CooperativeId);
        started["version"]!.GetValue<long>().Should().Be(1);

        var planted = await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-01-15", seedSource = "Vườn ươm Thanh Hà", quantity = 120, unit = "cây" });
        planted.ETag().Should().Be("\"2\"");
        (await planted.Expect(HttpStatusCode.OK))["plantedOn"]!.GetValue<string>().Should().Be("2026-01-15");

        await (await farm.Household.PostJson($"/api/v1/batches/{id}/inputs", new
        {
            kind = "fertilizer",
            productName = "NPK 16-16-8 Đầu Trâu",
            dose = 2.5,
            unit = "kg/cây",
            appliedOn = "2026-02-10",
        })).Expect(HttpStatusCode.OK);
        await (await farm.Cooperative.PostJson($"/api/v1/batches/{id}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            activeIngredient = "Fipronil",
            dose = 1.5,
            unit = "g/bình 16 lít",
            appliedOn = "2026-05-27",
            preHarvestIntervalDays = 7,
            @operator = "Nguyễn Văn An",
            reason = "Sâu đục cuống quả",
        })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new
        {
            kind = "irrigation",
            occurredAt = "2026-05-28T23:30:00Z",
            notes = "Tưới gốc buổi sáng",
        })).Expect(HttpStatusCode.OK);
        var harvested = await (await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850.5, grade = "Loại 1" }))
            .Expect(HttpStatusCode.OK);
        harvested["status"]!.GetValue<string>().Should().Be("harvesting");
        harvested["harvestedKg"]!.GetValue<decimal>().Should().Be(850.5m);
        harvested["safeHarvestFrom"]!.GetValue<string>().Should().Be("2026-06-03");

        var closed = await (await farm.Household.PostJson($"/api/v1/batches/{id}/close", new { reason = "Hết vụ" })).Expect(HttpStatusCode.OK);
        closed["status"]!.GetValue<string>().Should().Be("closed");
        closed["version"]!.GetValue<long>().Should().Be(7);

        var details = await farm.Household.GetAsync($"/api/v1/batches/{id}");
        details.ETag().Should().Be("\"7\"");
        var view = await details.Expect(HttpStatusCode.OK);
        view["inputApplications"]!.GetValue<int>().Should().Be(2);
        view["pesticideApplications"]!.GetValue<int>().Should().Be(1);
        view["activities"]!.GetValue<int>().Should().Be(1);
        view["harvests"]!.GetValue<int>().Should().Be(1);
        view["certificationClaims"]!.AsArray().Should().BeEmpty();

        var timeline = await (await farm.Household.GetAsync($"/api/v1/batches/{id}/timeline")).Expect(HttpStatusCode.OK);
        timeline["steps"]!.AsArray().Select(s => s!["type"]!.GetValue<string>())
            .Should().Equal("planting", "input", "input", "activity", "harvest");
        var pesticide = timeline["steps"]![2]!;
        pesticide["productName"]!.GetValue<string>().Should().Be("Regent 800WG");
        pesticide["safeHarvestFrom"]!.GetValue<string>().Should().Be("2026-06-03");
        pesticide["recordedAt"]!.GetValue<string>().Should().StartWith("2026-07-01T03:00");
    }

    [Fact]
    public async Task Harvest_the_day_before_the_pre_harvest_interval_ends_is_refused_naming_product_and_first_allowed_date()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-05-27",
            preHarvestIntervalDays = 7,
        })).Expect(HttpStatusCode.OK);

        var tooEarly = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-02", quantityKg = 100 });
        var problem = await tooEarly.ExpectProblem(HttpStatusCode.Conflict, "pre-harvest-interval");
        problem["productName"]!.GetValue<string>().Should().Be("Regent 800WG");
        problem["firstAllowedHarvestOn"]!.GetValue<string>().Should().Be("2026-06-03");
        problem["detail"]!.GetValue<string>().Should().Contain("Regent 800WG").And.Contain("2026-06-03");

        var onTheDay = await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 100 });
        (await onTheDay.Expect(HttpStatusCode.OK))["harvests"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_pesticide_without_a_pre_harvest_interval_is_refused_naming_the_field()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var response = await farm.Household.PostJson($"/api/v1/batches/{id}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-05-27",
        });
        await response.ExpectFieldErrors("preHarvestIntervalDays");
        var fertilizer = await farm.Household.PostJson($"/api/v1/batches/{id}/inputs", new
        {
            kind = "fertilizer",
            productName = "Phân chuồng hoai",
            dose = 10,
            unit = "kg/cây",
            appliedOn = "2026-05-27",
        });
        await fertilizer.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Steps_before_planting_and_after_closing_are_refused()
    {
        var farm = await app.FarmAsync();
        var id = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 1 }))
            .ExpectProblem(HttpStatusCode.Conflict, "batch-not-planted");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-01-15" })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-01-16" }))
            .ExpectProblem(HttpStatusCode.Conflict, "batch-already-planted");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "pruning", occurredAt = "2026-01-14T03:00:00Z" }))
            .ExpectProblem(HttpStatusCode.Conflict, "step-before-planting");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "pruning", occurredAt = "2026-01-15T03:00:00Z" }))
            .Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/close", new { })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "observation", occurredAt = "2026-02-01T03:00:00Z" }))
            .ExpectProblem(HttpStatusCode.Conflict, "batch-closed");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/close", new { })).ExpectProblem(HttpStatusCode.Conflict, "batch-closed");
    }

    [Fact]
    public async Task Field_dates_may_be_tomorrow_but_not_later()
    {
        // The test clock says 2026-07-01 10:00 in Việt Nam.
        var farm = await app.FarmAsync();
        var id = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-07-03" }))
            .ExpectFieldErrors("plantedOn");
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/planting", new { plantedOn = "2026-07-02" }))
            .Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "observation", occurredAt = "2026-07-03T03:00:00Z" }))
            .ExpectFieldErrors("occurredAt");
    }

    [Theory]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":0}""", "quantityKg")]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":-5}""", "quantityKg")]
    [InlineData("""{"harvestedOn":"2026-06-03"}""", "quantityKg")]
    [InlineData("""{"quantityKg":10}""", "harvestedOn")]
    [InlineData("""{"harvestedOn":"2026-02-30","quantityKg":10}""", "harvestedOn")]
    [InlineData("""{"harvestedOn":"03/06/2026","quantityKg":10}""", "harvestedOn")]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":"nhiều"}""", "quantityKg")]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":10,"occurredAt":"yesterday"}""", "occurredAt")]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":10,"grade":"A\u0000B"}""", "grade")]
    [InlineData("""{"harvestedOn":2026,"quantityKg":10}""", "harvestedOn")]
    [InlineData("""{"harvestedOn":"2026-06-03","quantityKg":10""", "quantityKg")]
    [InlineData("""[]""", "body")]
    [InlineData("""null""", "body")]
    public async Task Bad_harvest_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var response = await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/harvests", body);
        await response.ExpectFieldErrors(field);
        (await (await farm.Household.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK))["version"]!.GetValue<long>()
            .Should().Be(2, "nothing is appended by a refused request");
    }

    [Theory]
    [InlineData("""{"kind":"spraying","productName":"X","dose":1,"unit":"l","appliedOn":"2026-05-01"}""", "kind")]
    [InlineData("""{"kind":1,"productName":"X","dose":1,"unit":"l","appliedOn":"2026-05-01"}""", "kind")]
    [InlineData("""{"kind":"pesticide","productName":"","dose":1,"unit":"l","appliedOn":"2026-05-01","preHarvestIntervalDays":3}""", "productName")]
    [InlineData("""{"kind":"pesticide","productName":"X","dose":1,"unit":"l","appliedOn":"2026-05-01","preHarvestIntervalDays":-1}""", "preHarvestIntervalDays")]
    [InlineData("""{"kind":"fertilizer","productName":"X","dose":1,"appliedOn":"2026-05-01"}""", "unit")]
    public async Task Bad_input_application_is_a_400_problem_naming_the_field(string body, string field)
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/inputs", body)).ExpectFieldErrors(field);
    }

    [Fact]
    public async Task A_missing_body_wrong_content_type_and_an_oversized_body_are_refused_with_problems()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var empty = await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/harvests", null);
        (await empty.Expect(HttpStatusCode.BadRequest))["type"]!.GetValue<string>().Should().StartWith("urn:haiduong-agri:problem:");

        using var text = new StringContent("harvest 10 kg");
        var wrongType = await farm.Household.PostAsync($"/api/v1/batches/{id}/harvests", text);
        (await wrongType.Expect(HttpStatusCode.UnsupportedMediaType))["type"]!.GetValue<string>().Should().StartWith("urn:haiduong-agri:problem:");

        var huge = $$"""{"harvestedOn":"2026-06-03","quantityKg":1,"grade":"{{new string('x', 1_100_000)}}"}""";
        await (await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/harvests", huge))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Another_households_batch_is_not_found_and_a_malformed_id_is_not_a_server_error()
    {
        var farm = await app.FarmAsync();
        var other = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);

        await (await other.Household.GetAsync($"/api/v1/batches/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Household.GetAsync($"/api/v1/batches/{id}/timeline")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Cooperative.GetAsync($"/api/v1/batches/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Household.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 1 }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await other.Household.PostJson("/api/v1/batches", new { growingAreaId = farm.GrowingAreaId, crop = "vải" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await farm.Cooperative.GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK);
        await (await app.Admin().GetAsync($"/api/v1/batches/{id}")).Expect(HttpStatusCode.OK);

        (await farm.Household.GetAsync("/api/v1/batches/not-a-guid")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await farm.Household.GetAsync($"/api/v1/batches/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Auditor_and_marketplace_keys_may_not_touch_batches()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "VietGAP body" })).Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "VietGAP auditor" }));
        var marketplace = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee" }));
        await (await auditor.GetAsync($"/api/v1/batches/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await marketplace.PostJson($"/api/v1/batches/{id}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 1 }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Anonymous().GetAsync($"/api/v1/batches/{id}")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_unknown_kind_names_the_allowed_values_and_close_needs_no_body()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var problem = await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "spraying", occurredAt = "2026-03-01T03:00:00Z" }))
            .ExpectFieldErrors("kind");
        problem["errors"]!["kind"]![0]!.GetValue<string>().Should().Be("Must be one of: irrigation, pruning, weeding, observation, other.");

        var closed = await farm.Household.Send(HttpMethod.Post, $"/api/v1/batches/{id}/close", null);
        (await closed.Expect(HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("closed");
    }

    [Fact]
    public async Task A_quoted_utf8_charset_is_accepted_and_another_charset_or_an_unrepresentable_moment_is_a_4xx()
    {
        var farm = await app.FarmAsync();
        var id = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        using var quoted = new StringContent("""{"kind":"observation","occurredAt":"2026-03-01T03:00:00Z"}""");
        quoted.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=\"utf-8\"");
        await (await farm.Household.PostAsync($"/api/v1/batches/{id}/activities", quoted)).Expect(HttpStatusCode.OK);

        using var latin = new StringContent("""{"kind":"observation","occurredAt":"2026-03-01T03:00:00Z"}""");
        latin.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");
        await (await farm.Household.PostAsync($"/api/v1/batches/{id}/activities", latin)).ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        await (await farm.Household.PostJson($"/api/v1/batches/{id}/activities", new { kind = "observation", occurredAt = "9999-12-31T23:59:59-10:00" }))
            .ExpectFieldErrors("occurredAt");
    }
}
