using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Json.Schema;

namespace HaiDuong.Agri.IntegrationTests.Interop;

public sealed class EpcisTests(AgriApp app) : IClassFixture<AgriApp>
{
    private const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    private const string Agri = "https://haiduong.agri/epcis/";
    private const string BizStep = Agri + "bizstep/";
    private static int lotNumber;

    /// <summary>GS1's EPCIS 2.0 JSON Schema (draft-07), built once: its <c>$id</c> is registered when it is built.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Local("EPCIS-JSON-Schema.json"))));

    private static string Local(string file) => Path.Combine(AppContext.BaseDirectory, "Interop", file);

    /// <summary>Validates against GS1's schema, formats included (uri, date-time), listing every error when it fails.</summary>
    private static void ShouldBeValidEpcis(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(
            document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .ToList();
        results.IsValid.Should().BeTrue("the document must validate against GS1's EPCIS 2.0 schema; errors:\n{0}", string.Join("\n", errors));
    }

    private static bool IsValidEpcis(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
    }

    /// <summary>A certified lot with every kind of step: planting, fertiliser, pesticide, irrigation, inspection, harvest,
    /// packing, three stamps with one voided, a listing with an order, and a recall.</summary>
    private async Task<(TracedLot Lot, string BatchId, string OrderId)> FullHistoryAsync()
    {
        var traced = await app.TracedAsync(stamps: 3, lotCode: $"EP{Interlocked.Increment(ref lotNumber):0000}");
        var farm = traced.Farm;
        var batchId = (await (await farm.Cooperative.GetAsync($"/api/v1/lots/{traced.LotId}")).Expect(HttpStatusCode.OK))["batchId"]!.GetValue<string>();
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "fertilizer",
            productName = "NPK Lâm Thao 16-16-8",
            dose = 20,
            unit = "kg/sào",
            appliedOn = "2026-03-01",
            @operator = "Nguyễn Văn An",
        })).Expect(HttpStatusCode.OK);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/activities", new
        {
            kind = "irrigation",
            occurredAt = "2026-04-01T06:30:00+07:00",
            notes = "Tưới nhỏ giọt 2 giờ",
        })).Expect(HttpStatusCode.OK);
        await (await farm.Cooperative.PostJson($"/api/v1/stamps/{traced.Serials[1]}/void", new { reason = "Tem in lỗi" })).Expect(HttpStatusCode.OK);

        await farm.LinkAsync("webhook");
        var listing = await (await new PackedLot(farm, traced.LotId, traced.LotCode, 400).PublishAsync(10, "webhook")).Expect(HttpStatusCode.Created);
        var partner = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "webhook", label = "Postmart" }));
        var orderId = $"PM 2026/{traced.LotCode}";
        await (await partner.PostJson("/api/v1/marketplace/orders", new
        {
            marketplace = "webhook",
            externalOrderId = orderId,
            listingId = listing.Id(),
            quantity = 2,
            totalVnd = 90000,
            orderedAt = "2026-06-20T03:00:00Z",
        })).Expect(HttpStatusCode.Created);
        await (await farm.Cooperative.PostJson($"/api/v1/lots/{traced.LotId}/recall", new { reason = "Dư lượng thuốc BVTV vượt ngưỡng" })).Expect(HttpStatusCode.OK);
        return (traced, batchId, orderId);
    }

    private static async Task<(string Text, JsonNode Document)> ExportAsync(HttpClient client, string lotId)
    {
        var response = await client.GetAsync($"/api/v1/lots/{lotId}/epcis");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/ld+json");
        return (text, JsonNode.Parse(text)!);
    }

    private static List<JsonNode> Events(JsonNode document) => [.. document["epcisBody"]!["eventList"]!.AsArray().Select(e => e!)];

    private static string? Str(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static JsonNode Single(List<JsonNode> events, string bizStep, string? action = null) =>
        events.Should().ContainSingle(e => Str(e, "bizStep") == bizStep && (action == null || Str(e, "action") == action), bizStep).Subject;

    [Fact]
    public void GS1s_own_examples_validate_and_a_broken_document_does_not()
    {
        ShouldBeValidEpcis(File.ReadAllText(Local("Example_9.6.1-ObjectEvent.jsonld")));
        ShouldBeValidEpcis(File.ReadAllText(Local("Example_9.6.4-TransformationEvent.jsonld")));

        var broken = JsonNode.Parse(File.ReadAllText(Local("Example_9.6.1-ObjectEvent.jsonld")))!;
        broken["epcisBody"]!["eventList"]![0]!["eventTimeZoneOffset"] = "+7";
        IsValidEpcis(broken.ToJsonString()).Should().BeFalse("an offset must be written ±hh:mm");
        var noTime = JsonNode.Parse(File.ReadAllText(Local("Example_9.6.1-ObjectEvent.jsonld")))!;
        noTime["epcisBody"]!["eventList"]![1]!.AsObject().Remove("eventTime");
        IsValidEpcis(noTime.ToJsonString()).Should().BeFalse("eventTime is required");
        var notUri = JsonNode.Parse(File.ReadAllText(Local("Example_9.6.1-ObjectEvent.jsonld")))!;
        notUri["epcisBody"]!["eventList"]![0]!["epcList"]![0] = "not an EPC";
        IsValidEpcis(notUri.ToJsonString()).Should().BeFalse("formats are checked: an EPC must be a URI");
    }

    [Fact]
    public async Task A_lots_whole_history_is_one_valid_EPCIS_document()
    {
        var (lot, batchId, orderId) = await FullHistoryAsync();
        var (text, document) = await ExportAsync(lot.Farm.Cooperative, lot.LotId);
        ShouldBeValidEpcis(text);

        document["@context"]![0]!.GetValue<string>().Should().Be(Context);
        document["@context"]![1]!["agri"]!.GetValue<string>().Should().Be(Agri);
        Str(document, "type").Should().Be("EPCISDocument");
        Str(document, "schemaVersion").Should().Be("2.0");
        Str(document, "creationDate").Should().EndWith("+07:00");

        var events = Events(document);
        events.Should().OnlyContain(e => Str(e, "eventTimeZoneOffset") == "+07:00");
        events.Should().OnlyContain(e => Str(e, "eventTime")!.EndsWith("+07:00", StringComparison.Ordinal));
        events.Select(e => DateTimeOffset.Parse(Str(e, "eventTime")!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().BeInAscendingOrder("events are listed in the order they happened");
        events.Select(e => Str(e, "eventID")).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id!.StartsWith("ni:///sha-256;", StringComparison.Ordinal));

        var batchClass = $"{AgriApp.PublicBaseUrl}/batches/{batchId}";
        var lotClass = $"{AgriApp.PublicBaseUrl}{lot.Lot}";
        var area = $"{AgriApp.PublicBaseUrl}/growing-areas/{lot.Farm.GrowingAreaId}";
        var site = $"{AgriApp.PublicBaseUrl}/cooperatives/{lot.Farm.CooperativeId}";

        var planting = events.Should().ContainSingle(e => Str(e, "bizStep") == "commissioning" && e["quantityList"] != null).Subject;
        Str(planting, "action").Should().Be("ADD");
        Str(planting, "type").Should().Be("ObjectEvent");
        planting["quantityList"]![0]!["epcClass"]!.GetValue<string>().Should().Be(batchClass);
        planting["ilmd"]!["cbvmda:countryOfOrigin"]!.GetValue<string>().Should().Be("VN");
        planting["ilmd"]!["cbvmda:lotNumber"]!.GetValue<string>().Should().Be(batchId);
        planting["ilmd"]!["agri:crop"]!.GetValue<string>().Should().Be("vải thiều");
        planting["ilmd"]!["agri:variety"]!.GetValue<string>().Should().Be("Thanh Hà");
        Str(planting, "agri:seedSource").Should().Be("Vườn ươm Thanh Hà");
        Str(planting, "eventTime").Should().Be("2026-01-15T00:00:00.000+07:00");
        planting["readPoint"]!["id"]!.GetValue<string>().Should().Be(area);

        var spraying = Single(events, BizStep + "spraying");
        Str(spraying, "action").Should().Be("OBSERVE");
        Str(spraying, "agri:productName").Should().Be("Regent 800WG");
        Str(spraying, "agri:activeIngredient").Should().Be("Fipronil");
        spraying["agri:dose"]!.GetValue<decimal>().Should().Be(1.5m);
        Str(spraying, "agri:doseUnit").Should().Be("g/l");
        spraying["agri:preHarvestIntervalDays"]!.GetValue<int>().Should().Be(7);
        Str(spraying, "agri:safeHarvestFrom").Should().Be("2026-06-03");
        spraying["bizLocation"]!["id"]!.GetValue<string>().Should().Be(area);

        var fertilising = Single(events, BizStep + "fertilizing");
        Str(fertilising, "agri:productName").Should().Be("NPK Lâm Thao 16-16-8");
        Str(fertilising, "agri:operator").Should().Be("Nguyễn Văn An");
        var irrigation = Single(events, BizStep + "irrigating");
        Str(irrigation, "eventTime").Should().Be("2026-04-01T06:30:00.000+07:00");
        Str(irrigation, "agri:notes").Should().Be("Tưới nhỏ giọt 2 giờ");

        var inspection = Single(events, "inspecting");
        Str(inspection, "disposition").Should().Be("conformant");
        Str(inspection, "agri:scheme").Should().Be("vietgap");
        Str(inspection, "agri:certificateNumber").Should().Be("VG-TH-0042");
        Str(inspection, "certificationInfo").Should().StartWith($"{AgriApp.PublicBaseUrl}/certificates/");
        Str(inspection, "eventTime").Should().Be("2026-01-10T00:00:00.000+07:00");
        inspection["epcList"]!.AsArray().Should().BeEmpty("the area was inspected before the batch was planted");

        var harvest = Single(events, BizStep + "harvesting");
        harvest["quantityList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["epcClass"] = batchClass, ["quantity"] = 850, ["uom"] = "KGM" }).ToJsonString());

        var packing = events.Should().ContainSingle(e => Str(e, "type") == "TransformationEvent").Subject;
        Str(packing, "bizStep").Should().Be("packing");
        packing["inputQuantityList"]![0]!["epcClass"]!.GetValue<string>().Should().Be(batchClass);
        packing["inputQuantityList"]![0]!["quantity"]!.GetValue<decimal>().Should().Be(800m);
        Str(packing["inputQuantityList"]![0]!, "uom").Should().Be("KGM");
        packing["outputQuantityList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["epcClass"] = lotClass, ["quantity"] = 400, ["uom"] = "H87" }).ToJsonString());
        packing["ilmd"]!["cbvmda:lotNumber"]!.GetValue<string>().Should().Be(lot.LotCode);
        Str(packing, "eventTime").Should().Be("2026-06-04T00:00:00.000+07:00");
        packing["readPoint"]!["id"]!.GetValue<string>().Should().Be(site);
        lotClass.Should().Be($"https://trace.example.vn/01/08931234567897/10/{lot.LotCode}");

        var stamps = events.Should().ContainSingle(e => Str(e, "bizStep") == "commissioning" && e["epcList"] != null).Subject;
        Str(stamps, "action").Should().Be("ADD");
        stamps["epcList"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal(lot.Serials.Select((_, i) => AgriApp.PublicBaseUrl + lot.Unit(i)));
        var voided = Single(events, "decommissioning", "DELETE");
        voided["epcList"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal(AgriApp.PublicBaseUrl + lot.Unit(1));
        Str(voided, "disposition").Should().Be("inactive");
        Str(voided, "agri:reason").Should().Be("Tem in lỗi");

        var listing = Single(events, BizStep + "listing");
        listing["quantityList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["epcClass"] = lotClass, ["quantity"] = 10, ["uom"] = "H87" }).ToJsonString());
        listing["agri:marketplaces"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("webhook");

        var shipping = Single(events, "shipping");
        Str(shipping, "action").Should().Be("OBSERVE");
        Str(shipping, "eventTime").Should().Be("2026-06-20T10:00:00.000+07:00");
        shipping["quantityList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["epcClass"] = lotClass, ["quantity"] = 2, ["uom"] = "H87" }).ToJsonString());
        shipping["bizTransactionList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject
        {
            ["type"] = "po",
            ["bizTransaction"] = "urn:haiduong-agri:order:webhook:" + Uri.EscapeDataString(orderId),
        }).ToJsonString());

        var recall = events.Should().ContainSingle(e => Str(e, "disposition") == "recalled").Subject;
        Str(recall, "action").Should().Be("OBSERVE");
        recall["quantityList"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["epcClass"] = lotClass, ["quantity"] = 400, ["uom"] = "H87" }).ToJsonString());
        Str(recall, "agri:reason").Should().Be("Dư lượng thuốc BVTV vượt ngưỡng");
        Single(events, BizStep + "delisting");

        var locations = document["epcisHeader"]!["epcisMasterData"]!["vocabularyList"]![0]!["vocabularyElementList"]!.AsArray();
        var areaData = locations.Single(l => l!["id"]!.GetValue<string>() == area)!["attributes"]!.AsArray();
        areaData.Should().Contain(a => a!["id"]!.GetValue<string>() == Agri + "areaCode" && a["attribute"]!.GetValue<string>() == "VN-HDTH-0012");
        locations.Should().Contain(l => l!["id"]!.GetValue<string>() == site);

        // The same history gives the same document apart from its creation date.
        var (again, _) = await ExportAsync(lot.Farm.Household, lot.LotId);
        Events(JsonNode.Parse(again)!).Select(e => e.ToJsonString()).Should().Equal(events.Select(e => e.ToJsonString()));
    }

    [Fact]
    public async Task Packing_is_never_stamped_before_the_harvests_it_packed()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        async Task HarvestAsync(string on, int kg, string at) =>
            await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = on, quantityKg = kg, occurredAt = at }))
                .Expect(HttpStatusCode.OK);
        async Task<string> PackAsync(string on, int units) =>
            (await (await farm.Cooperative.PostJson("/api/v1/lots", new
            {
                batchId,
                gtin = "8931234567897",
                lotCode = $"EP{Interlocked.Increment(ref lotNumber):0000}",
                packedOn = on,
                unitCount = units,
                netWeightGrams = 2000,
                productName = "Vải thiều Thanh Hà",
            })).Expect(HttpStatusCode.Created)).Id();
        async Task<(JsonNode Packing, List<JsonNode> Events)> PackingOfAsync(string lotId)
        {
            var (text, document) = await ExportAsync(farm.Cooperative, lotId);
            ShouldBeValidEpcis(text);
            var events = Events(document);
            return (events.Single(e => Str(e, "type") == "TransformationEvent"), events);
        }

        // Picked at 05:30 and packed the same day, recorded weeks later: not 00:00 of that day, but just after the picking.
        await HarvestAsync("2026-06-10", 900, "2026-06-10T05:30:00+07:00");
        var first = await PackAsync("2026-06-10", 400); // 800 kg, all from the 05:30 picking
        await HarvestAsync("2026-06-10", 500, "2026-06-10T16:00:00+07:00");
        var second = await PackAsync("2026-06-10", 300); // 600 kg: the 100 kg left of the morning and all of the afternoon

        var (packing, events) = await PackingOfAsync(first);
        Str(packing, "eventTime").Should().Be("2026-06-10T05:30:01.000+07:00");
        var morning = events.Single(e => Str(e, "eventTime") == "2026-06-10T05:30:00.000+07:00");
        events.IndexOf(morning).Should().BeLessThan(events.IndexOf(packing), "the harvest comes before the packing that used it");
        var afternoon = events.Single(e => Str(e, "eventTime") == "2026-06-10T16:00:00.000+07:00");
        events.IndexOf(afternoon).Should().BeGreaterThan(events.IndexOf(packing), "the afternoon picking went into the next lot, not this one");

        (packing, _) = await PackingOfAsync(second);
        Str(packing, "eventTime").Should().Be("2026-06-10T16:00:01.000+07:00", "the second lot packed the afternoon picking too");

        // Recorded on its packing day after its harvest: the recorded moment stands.
        await HarvestAsync("2026-07-01", 100, "2026-07-01T06:00:00+07:00");
        var third = await PackAsync("2026-07-01", 10);
        (packing, _) = await PackingOfAsync(third);
        Str(packing, "eventTime").Should().Be(Str(packing, "recordTime")).And.StartWith("2026-07-01T");
        DateTimeOffset.Parse(Str(packing, "eventTime")!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeAfter(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.FromHours(7)));
    }

    [Fact]
    public async Task A_lot_code_with_reserved_characters_still_gives_a_valid_document()
    {
        var traced = await app.TracedAsync(stamps: 2, lotCode: $"A/B%\"?{Interlocked.Increment(ref lotNumber):00}");
        var (text, document) = await ExportAsync(traced.Farm.Cooperative, traced.LotId);
        ShouldBeValidEpcis(text);
        Events(document).SelectMany(e => e["epcList"]?.AsArray() ?? []).Select(epc => epc!.GetValue<string>())
            .Should().OnlyContain(epc => epc.Contains("/10/A%2FB%25%22%3F", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Large_issues_of_stamps_are_commissioned_a_thousand_at_a_time()
    {
        var farm = await app.FarmAsync();
        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 900 })).Expect(HttpStatusCode.OK);
        var lotCode = $"EP{Interlocked.Increment(ref lotNumber):0000}";
        var lotId = (await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            lotCode,
            packedOn = "2026-06-04",
            unitCount = 1001,
            netWeightGrams = 500,
            productName = "Vải thiều Thanh Hà hộp 500 g",
        })).Expect(HttpStatusCode.Created)).Id();
        await (await farm.Cooperative.PostJson($"/api/v1/lots/{lotId}/stamps", new { count = 1001 })).Expect(HttpStatusCode.Created);

        var (text, document) = await ExportAsync(farm.Cooperative, lotId);
        ShouldBeValidEpcis(text);
        var stampEvents = Events(document).Where(e => e["epcList"] != null && Str(e, "action") == "ADD").ToList();
        stampEvents.Select(e => e["epcList"]!.AsArray().Count).Should().Equal(1000, 1);
        stampEvents.SelectMany(e => e["epcList"]!.AsArray().Select(epc => epc!.GetValue<string>()))
            .Should().HaveCount(1001).And.OnlyHaveUniqueItems()
            .And.OnlyContain(epc => epc.StartsWith($"{AgriApp.PublicBaseUrl}/01/08931234567897/10/{lotCode}/21/", StringComparison.Ordinal));
        stampEvents.Select(e => Str(e, "eventID")).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Only_the_lots_owners_and_admins_export_it()
    {
        var lot = await app.TracedAsync(stamps: 1, lotCode: $"EP{Interlocked.Increment(ref lotNumber):0000}");
        var path = $"/api/v1/lots/{lot.LotId}/epcis";
        (await app.Admin().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lot.Farm.Household.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lot.Farm.Cooperative.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stranger = await app.FarmAsync();
        await (await stranger.Household.GetAsync(path)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await stranger.Cooperative.GetAsync(path)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await lot.Farm.Household.GetAsync($"/api/v1/lots/{Guid.NewGuid()}/epcis")).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var bodyId = (await (await app.Admin().PostJson("/api/v1/certification-bodies", new { name = "Tổ chức chứng nhận B" })).Expect(HttpStatusCode.Created)).Id();
        var auditor = app.As(await app.KeyAsync(new { role = "auditor", certificationBodyId = bodyId, label = "auditor" }));
        await (await auditor.GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var marketplace = app.As(await app.KeyAsync(new { role = "marketplace", marketplace = "shopee", label = "Shopee" }));
        await (await marketplace.GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await app.Anonymous().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
