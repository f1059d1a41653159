using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaiDuong.Agri.LocalPostgres;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>A durable private PostgreSQL for one scenario: started, handed over, stopped and removed even on Ctrl+C.</summary>
public static class BenchDatabase
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Func<string, CpuMeter, CancellationToken, Task<IReadOnlyList<Row>>> measure)
    {
        // Ctrl+C ends the work early but still stops PostgreSQL and removes its folder.
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        // The app writes a "listening on" line to stdout; stdout is for the results table.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        var root = Path.Combine(Path.GetTempPath(), "agri-bench-" + Guid.NewGuid().ToString("N")[..10]);
        LocalPostgresServer? postgres = null;
        try
        {
            postgres = await LocalPostgresServer.StartAsync(
                new LocalPostgresOptions
                {
                    DataDirectory = Path.Combine(root, "postgres"),
                    Durable = true,
                    Log = line => Console.Error.WriteLine($"  [postgres] {line}"),
                },
                interrupted.Token);
            return await measure(postgres.ConnectionString, new CpuMeter(postgres.DataDirectory), interrupted.Token);
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.StopAsync(CancellationToken.None);
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }

            Console.SetOut(stdout);
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary>Seeding through the public API, as clients do.</summary>
public static class BenchApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record SeededLot(string CooperativeId, string HouseholdId, string LotId);

    /// <summary>A cooperative's household with a growing area, a batch planted, sprayed and harvested, packed into a lot.</summary>
    public static async Task<SeededLot> SeedLotAsync(HttpClient admin, string gtin13, string lotCode, string productName, int units, CancellationToken ct)
    {
        // Xã Thanh Hà: the app loads its shipped register of Hải Phòng (province 31), so the commune must be in it.
        var cooperativeId = Id(await PostAsync(admin, "/api/v1/cooperatives", new { name = "HTX Vải thiều Thanh Hà", provinceCode = "31", communeCode = "10813" }, ct));
        var householdId = Id(await PostAsync(admin, "/api/v1/households", new
        {
            name = "Nguyễn Văn An",
            phone = "0912345678",
            provinceCode = "31",
            communeCode = "10813",
            address = "Thôn Thúy Lâm, Thanh Hà",
            cooperativeId,
        }, ct));
        var growingAreaId = Id(await PostAsync(admin, "/api/v1/growing-areas", new
        {
            householdId,
            name = "Vườn vải đồi Thúy Lâm",
            crop = "vải thiều",
            areaM2 = 5000,
            communeCode = "10813",
            areaCode = "VN-HDTH-0012",
            latitude = 20.89,
            longitude = 106.43,
        }, ct));
        var batchId = Id(await PostAsync(admin, "/api/v1/batches", new { growingAreaId, crop = "vải thiều", variety = "Thanh Hà", season = "2026" }, ct));
        await PostAsync(admin, $"/api/v1/batches/{batchId}/planting", new { plantedOn = "2026-01-15", seedSource = "Vườn ươm Thanh Hà" }, ct);
        await PostAsync(admin, $"/api/v1/batches/{batchId}/inputs", new
        {
            kind = "pesticide",
            productName = "Regent 800WG",
            activeIngredient = "Fipronil",
            dose = 1.5,
            unit = "g/l",
            appliedOn = "2026-05-27",
            preHarvestIntervalDays = 7,
        }, ct);
        await PostAsync(admin, $"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 2.0 * units + 100 }, ct);
        var lotId = Id(await PostAsync(admin, "/api/v1/lots", new
        {
            batchId,
            gtin = gtin13,
            packedOn = "2026-06-04",
            unitCount = units,
            netWeightGrams = 2000,
            packaging = "Hộp 2 kg",
            productName,
            lotCode,
        }, ct));
        return new SeededLot(cooperativeId, householdId, lotId);
    }

    public static Task<JsonNode> PostAsync(HttpClient client, string path, object body, CancellationToken ct)
    {
        var expected = path.EndsWith("/planting", StringComparison.Ordinal) || path.EndsWith("/inputs", StringComparison.Ordinal) || path.EndsWith("/harvests", StringComparison.Ordinal)
            ? HttpStatusCode.OK
            : HttpStatusCode.Created;
        return SendAsync(client, HttpMethod.Post, path, body, expected, ct);
    }

    public static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"{method} {path} answered an empty body.");
    }

    public static string Id(JsonNode node) => node["id"]!.GetValue<string>();

    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
