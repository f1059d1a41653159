using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.Gs1;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HaiDuong.Agri.Api.Demo;

/// <summary>The demo season as written in <c>samples/demo/season-2026.json</c> (embedded in this assembly).</summary>
public sealed record DemoData(
    string Season,
    string ProvinceCode,
    DemoCertificationBody CertificationBody,
    string MarketplacePartner,
    IReadOnlyList<DemoCooperative> Cooperatives,
    IReadOnlyList<DemoInspection> Inspections);

public sealed record DemoCertificationBody(string Name, string? AccreditationNumber);

public sealed record DemoCooperative(
    string Name, string CommuneCode, string? Address, string? Phone, IReadOnlyList<DemoHousehold> Households, IReadOnlyList<DemoCode>? PackingHouseCodes = null);

/// <summary>A growing-area or packing-house code as issued, and its market approvals, suspensions and reinstatements in date order.</summary>
public sealed record DemoCode(string Code, string IssuingAuthority, IReadOnlyList<DemoMarketChange> Markets);

/// <summary>One change of a code's standing in a market: <c>approval</c>, <c>suspension</c> or <c>reinstatement</c>.</summary>
public sealed record DemoMarketChange(string Market, string Change, string On, string? Reason);

public sealed record DemoHousehold(
    string Name,
    string Phone,
    string CommuneCode,
    string? FormerDistrict,
    string? Address,
    string? ShopId,
    IReadOnlyList<DemoTraining> Training,
    IReadOnlyList<DemoGrowingArea> GrowingAreas);

public sealed record DemoTraining(string Course, string CompletedOn);

public sealed record DemoGrowingArea(
    string Name,
    string Crop,
    decimal AreaM2,
    string AreaCode,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<DemoBatch> Batches,
    IReadOnlyList<DemoCode>? ExportCodes = null);

/// <summary>A batch and its steps; each step is sent as written (the JSON uses the API's own field names).</summary>
public sealed record DemoBatch(
    string Crop,
    string? Variety,
    string? Season,
    string? ExpectedHarvestOn,
    JsonObject Planting,
    IReadOnlyList<JsonObject> Inputs,
    IReadOnlyList<JsonObject> Activities,
    IReadOnlyList<JsonObject> Harvests,
    IReadOnlyList<DemoLot> Lots,
    string? CloseReason);

public sealed record DemoLot(
    string Gtin,
    string LotCode,
    string PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string? Packaging,
    string ProductName,
    int Stamps,
    IReadOnlyList<DemoListing> Listings,
    string? Market = null);

public sealed record DemoListing(string Title, string? Description, long PriceVnd, int Stock, IReadOnlyList<DemoOrder> Orders);

public sealed record DemoOrder(string ExternalOrderId, int Quantity, string OrderedAt);

public sealed record DemoInspection(string Scheme, string InspectedOn, IReadOnlyList<string> AreaCodes, DemoCertificate Certificate);

public sealed record DemoCertificate(string CertificateNumber, string IssuedOn, string ValidUntil);

/// <summary>
/// What the loader made: ids to look at, the keys that may read them (each cooperative's office key, an official's key for
/// the province dashboard), and a stamp's trace page per lot (paths under <c>Agri:PublicBaseUrl</c>).
/// </summary>
public sealed record DemoResult(
    string TraceUrl,
    string TracePath,
    IReadOnlyList<(Guid Id, DemoLot Lot)> Lots,
    IReadOnlyList<(Guid Id, DemoListing Listing, string CooperativeKey)> Listings,
    IReadOnlyList<(Guid Id, DemoHousehold Household)> Households,
    int Requests)
{
    public IReadOnlyList<(Guid Id, DemoCooperative Cooperative, string Key)> Cooperatives { get; init; } = [];

    /// <summary>The trace page of each lot's first stamp, by lot id.</summary>
    public IReadOnlyDictionary<Guid, string> LotTracePaths { get; init; } = new Dictionary<Guid, string>();

    /// <summary>A key of role <c>official</c>: the province's statistics and their exports, read-only (the dashboard).</summary>
    public string OfficialKey { get; init; } = "";
}

/// <summary>
/// Loads the demo season through the public HTTP API, exactly as clients would: every rule (pre-harvest intervals,
/// chronology, stock) is checked by the app itself, so the demo can never show data the app would refuse.
/// </summary>
public static class DemoSeason
{
    public const string ResourceName = "HaiDuong.Agri.Api.Demo.season-2026.json";
    public const string Switch = "--demo";

    /// <summary>How many of each lot's stamps the demo scans once, as consumers would.</summary>
    private const int ScannedStampsPerLot = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static DemoData Read()
    {
        using var stream = typeof(DemoSeason).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return JsonSerializer.Deserialize<DemoData>(stream, Json) ?? throw new InvalidOperationException("The demo season is empty.");
    }

    /// <summary>
    /// With <c>--demo</c>, once the app listens: loads the season through its own first address, unless the database already
    /// has a cooperative (then the demo, or real data, is there and nothing is added).
    /// </summary>
    public static void LoadWhenStarted(WebApplication app, string adminKey) =>
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await LoadIntoAsync(app, adminKey, app.Lifetime.ApplicationStopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"The demo season could not be loaded: {e.Message}");
            }
        }));

    private static async Task LoadIntoAsync(WebApplication app, string adminKey, CancellationToken ct)
    {
        await using (var query = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            if (await query.Query<Cooperative>().AnyAsync(ct))
            {
                Console.WriteLine("Demo: the database already has cooperatives, so the demo season is not loaded again.");
                return;
            }
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The app has no listening address.");
        using var http = new HttpClient { BaseAddress = Reachable(address), Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"Demo: loading {Read().Season} through {http.BaseAddress} …");
        var result = await LoadAsync(http, adminKey, app.Services.GetRequiredService<PublicLinks>().BaseUrl, ct);
        foreach (var line in Describe(result, app.Services.GetRequiredService<PublicLinks>().BaseUrl, http.BaseAddress!.ToString(), adminKey))
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>
    /// What <c>--demo</c> prints once the season is loaded: the cooperatives with their ids and office keys, the households and
    /// lots with their ids, each lot's first stamp's trace page, the desk and dashboard addresses with the keys that sign in
    /// there (the official's), and where the API and Swagger UI are.
    /// </summary>
    public static IReadOnlyList<string> Describe(DemoResult result, string publicBaseUrl, string localBaseUrl, string adminKey)
    {
        var local = localBaseUrl.TrimEnd('/');
        var published = publicBaseUrl.TrimEnd('/');
        var lines = new List<string> { $"Demo: loaded with {result.Requests} API requests." };
        lines.Add($"Demo: cooperatives — each signs in to the desk ({local}/desk) with its key:");
        foreach (var (id, cooperative, key) in result.Cooperatives)
        {
            lines.Add($"  {cooperative.Name}: id {id}, key {key}");
        }

        lines.Add("Demo: households:");
        foreach (var (id, household) in result.Households)
        {
            lines.Add($"  {household.Name} ({household.CommuneCode}): id {id}");
        }

        lines.Add("Demo: lots, each with a stamp's trace page:");
        foreach (var (id, lot) in result.Lots)
        {
            lines.Add($"  {lot.LotCode} ({lot.ProductName}, {lot.Stamps} stamps): id {id}, {published}{result.LotTracePaths.GetValueOrDefault(id)}");
        }

        if (published != local)
        {
            // Printed codes carry Agri:PublicBaseUrl; on this run the same pages are served here.
            lines.Add($"Demo: (those links are under Agri:PublicBaseUrl; this run serves them at {local}, e.g. {local}{result.TracePath})");
        }

        lines.Add($"Demo: the province dashboard: {local}/dashboard — sign in with the official key {result.OfficialKey} (statistics and exports, read-only)");
        lines.Add($"Demo: open a stamp's trace page: {result.TraceUrl}");
        lines.Add($"Demo: the API takes the admin key (Authorization: Bearer {adminKey[..Math.Min(9, adminKey.Length)]}…, printed above or set in Agri:AdminApiKey), or any key above; Swagger UI: {local}/swagger");
        return lines;
    }

    /// <summary>A wildcard listening address (0.0.0.0, [::], +, *) is reached on loopback.</summary>
    private static Uri Reachable(string address)
    {
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        uri.Host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            _ => uri.Host,
        };
        return uri.Uri;
    }

    /// <summary>Loads the season through <paramref name="http"/> (its base address is the API). Throws with the answer's body on any refusal.</summary>
    public static async Task<DemoResult> LoadAsync(HttpClient http, string adminKey, string publicBaseUrl, CancellationToken ct = default)
    {
        var season = Read();
        var api = new Api(http, ct);
        var bodyId = (await api.PostAsync(adminKey, "/api/v1/certification-bodies", season.CertificationBody)).Id();
        var auditor = await api.KeyAsync(adminKey, new { role = "auditor", certificationBodyId = bodyId, label = "Kiểm tra viên VietGAP" });
        var partner = await api.KeyAsync(adminKey, new { role = "marketplace", marketplace = "webhook", label = season.MarketplacePartner });
        var official = await api.KeyAsync(adminKey, new { role = "official", label = "Sở Nông nghiệp và Môi trường — trung tâm IOC (dữ liệu mẫu)" });
        var cooperatives = new List<(Guid, DemoCooperative, string)>();

        var areas = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var households = new List<(Guid, DemoHousehold)>();
        var batches = new List<(Guid AreaId, DemoBatch Batch, string CooperativeKey)>();
        foreach (var cooperative in season.Cooperatives)
        {
            var cooperativeId = (await api.PostAsync(adminKey, "/api/v1/cooperatives", new
            {
                cooperative.Name,
                season.ProvinceCode,
                cooperative.CommuneCode,
                cooperative.Address,
                cooperative.Phone,
            })).Id();
            var cooperativeKey = await api.KeyAsync(adminKey, new { role = "cooperative", cooperativeId, label = "Văn phòng " + cooperative.Name });
            cooperatives.Add((cooperativeId, cooperative, cooperativeKey));
            foreach (var code in cooperative.PackingHouseCodes ?? [])
            {
                await RegisterCodeAsync(api, adminKey, cooperativeKey, $"/api/v1/cooperatives/{cooperativeId}/codes", code);
            }

            foreach (var h in cooperative.Households)
            {
                var householdId = (await api.PostAsync(adminKey, "/api/v1/households", new
                {
                    h.Name,
                    h.Phone,
                    season.ProvinceCode,
                    h.CommuneCode,
                    h.Address,
                    cooperativeId,
                    h.FormerDistrict,
                })).Id();
                households.Add((householdId, h));
                foreach (var training in h.Training)
                {
                    await api.PostAsync(cooperativeKey, $"/api/v1/households/{householdId}/training", training);
                }

                if (h.ShopId is not null)
                {
                    await api.PostAsync(adminKey, $"/api/v1/households/{householdId}/marketplace-accounts", new { marketplace = "webhook", shopId = h.ShopId });
                }

                foreach (var area in h.GrowingAreas)
                {
                    areas[area.AreaCode] = (await api.PostAsync(adminKey, "/api/v1/growing-areas", new
                    {
                        householdId,
                        area.Name,
                        area.Crop,
                        area.AreaM2,
                        h.CommuneCode,
                        area.AreaCode,
                        area.Latitude,
                        area.Longitude,
                    })).Id();
                    foreach (var code in area.ExportCodes ?? [])
                    {
                        await RegisterCodeAsync(api, adminKey, cooperativeKey, $"/api/v1/growing-areas/{areas[area.AreaCode]}/codes", code);
                    }

                    batches.AddRange(area.Batches.Select(b => (areas[area.AreaCode], b, cooperativeKey)));
                }
            }
        }

        foreach (var inspection in season.Inspections)
        {
            await InspectAsync(api, auditor, inspection, [.. inspection.AreaCodes.Select(code => areas[code])]);
        }

        var lots = new List<(Guid, DemoLot)>();
        var listings = new List<(Guid, DemoListing, string)>();
        var lotTracePaths = new Dictionary<Guid, string>();
        string? tracePath = null;
        foreach (var (areaId, batch, cooperativeKey) in batches)
        {
            var batchId = (await api.PostAsync(adminKey, "/api/v1/batches", new
            {
                growingAreaId = areaId,
                batch.Crop,
                batch.Variety,
                batch.Season,
                batch.ExpectedHarvestOn,
            })).Id();
            await api.PostAsync(adminKey, $"/api/v1/batches/{batchId}/planting", batch.Planting);
            foreach (var (route, steps) in new[] { ("inputs", batch.Inputs), ("activities", batch.Activities), ("harvests", batch.Harvests) })
            {
                foreach (var step in steps)
                {
                    await api.PostAsync(adminKey, $"/api/v1/batches/{batchId}/{route}", step);
                }
            }

            foreach (var lot in batch.Lots)
            {
                var packed = await api.PostAsync(adminKey, "/api/v1/lots", new
                {
                    batchId,
                    lot.Gtin,
                    lot.LotCode,
                    lot.PackedOn,
                    lot.UnitCount,
                    lot.NetWeightGrams,
                    lot.Packaging,
                    lot.ProductName,
                    lot.Market,
                });
                var lotId = packed.Id();
                lots.Add((lotId, lot));
                var stamps = await api.PostAsync(adminKey, $"/api/v1/lots/{lotId}/stamps", new { count = lot.Stamps });
                lotTracePaths[lotId] = DigitalLink.ForUnit("", packed["gtin"]!.GetValue<string>(), lot.LotCode, stamps["serials"]![0]!.GetValue<string>());
                tracePath ??= lotTracePaths[lotId];

                // A few consumers scan the first boxes (today), so the dashboard's scans per day are not empty.
                foreach (var serial in stamps["serials"]!.AsArray().Take(ScannedStampsPerLot))
                {
                    await api.ScanAsync(DigitalLink.ForUnit("", packed["gtin"]!.GetValue<string>(), lot.LotCode, serial!.GetValue<string>()));
                }
                foreach (var listing in lot.Listings)
                {
                    var listingId = (await api.PostAsync(cooperativeKey, "/api/v1/listings", new
                    {
                        lotId,
                        listing.Title,
                        listing.Description,
                        listing.PriceVnd,
                        listing.Stock,
                        imageUrls = Array.Empty<string>(),
                        marketplaces = new[] { "webhook" },
                    })).Id();
                    listings.Add((listingId, listing, cooperativeKey));
                    foreach (var order in listing.Orders)
                    {
                        await api.PostAsync(partner, "/api/v1/marketplace/orders", new
                        {
                            marketplace = "webhook",
                            order.ExternalOrderId,
                            listingId,
                            order.Quantity,
                            totalVnd = order.Quantity * listing.PriceVnd,
                            order.OrderedAt,
                        });
                    }
                }
            }

            if (batch.CloseReason is not null)
            {
                await api.PostAsync(adminKey, $"/api/v1/batches/{batchId}/close", new { reason = batch.CloseReason });
            }
        }

        var path = tracePath ?? throw new InvalidOperationException("The demo season issues no stamp.");
        return new DemoResult(publicBaseUrl.TrimEnd('/') + path, path, lots, listings, households, api.Requests)
        {
            Cooperatives = cooperatives,
            LotTracePaths = lotTracePaths,
            OfficialKey = official,
        };
    }

    /// <summary>
    /// A code registered by its cooperative's office, then its standing per market as the plant-protection authority
    /// decided it, recorded with the admin key (the province's record of the authority's decisions).
    /// </summary>
    private static async Task RegisterCodeAsync(Api api, string adminKey, string cooperativeKey, string path, DemoCode code)
    {
        var codeId = (await api.PostAsync(cooperativeKey, path, new { code.Code, code.IssuingAuthority })).Id();
        foreach (var change in code.Markets)
        {
            await api.PostAsync(adminKey, $"/api/v1/codes/{codeId}/markets/{change.Market}/{change.Change}", new { change.On, change.Reason });
        }
    }

    /// <summary>An inspection answering every control point of the scheme's current checklist as compliant, and its certificate.</summary>
    private static async Task InspectAsync(Api api, string auditor, DemoInspection inspection, Guid[] areaIds)
    {
        var checklist = await api.GetAsync(auditor, $"/api/v1/certification/schemes/{inspection.Scheme}/checklist");
        var results = checklist["controlPoints"]!.AsArray().Select(p => new { controlPointId = p!["id"]!.GetValue<string>(), compliant = true });
        var inspected = await api.PostAsync(auditor, "/api/v1/certification/inspections", new
        {
            inspection.Scheme,
            growingAreaIds = areaIds,
            inspection.InspectedOn,
            results,
        });
        if (inspected["passed"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"The demo inspection of {string.Join(", ", inspection.AreaCodes)} did not pass: {inspected.ToJsonString()}");
        }

        await api.PostAsync(auditor, "/api/v1/certificates", new
        {
            inspection.Scheme,
            inspectionId = inspected.Id(),
            inspection.Certificate.CertificateNumber,
            inspection.Certificate.IssuedOn,
            inspection.Certificate.ValidUntil,
        });
    }

    private static Guid Id(this JsonNode node) => node["id"]!.GetValue<Guid>();

    /// <summary>JSON over HTTP with a key per request; any answer other than 2xx throws with its body.</summary>
    private sealed class Api(HttpClient http, CancellationToken ct)
    {
        public int Requests { get; private set; }

        public async Task<string> KeyAsync(string adminKey, object request) =>
            (await PostAsync(adminKey, "/api/v1/api-keys", request))["key"]!.GetValue<string>();

        public Task<JsonNode> GetAsync(string key, string path) => SendAsync(HttpMethod.Get, key, path, null);

        public Task<JsonNode> PostAsync(string key, string path, object body) => SendAsync(HttpMethod.Post, key, path, body);

        /// <summary>Opens a stamp's trace view as a consumer's phone does (no key): a counted scan.</summary>
        public async Task ScanAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            Requests++;
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }

        private async Task<JsonNode> SendAsync(HttpMethod method, string key, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/'));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
            }

            Requests++;
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode
                ? JsonNode.Parse(text.Length == 0 ? "{}" : text)!
                : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
    }
}
