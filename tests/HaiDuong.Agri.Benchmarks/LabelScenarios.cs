using System.Diagnostics;
using System.Globalization;
using HaiDuong.Agri.Labels;
using QRCoder;

namespace HaiDuong.Agri.Benchmarks;

/// <summary>
/// Label sheets: our streaming PDF writer against QRCoder's encoding alone for the same payloads (≤ 1.5×), and
/// the memory of a 100,000-label sheet (≤ 250 MB for the whole process).
/// </summary>
public static class LabelScenarios
{
    private static readonly int SheetLabels = Scale.Of(10_000);
    private static readonly int LargeSheetLabels = Scale.Of(100_000);
    private static readonly int Runs = Scale.Quick ? 1 : 3;
    private const double TimeTarget = 1.5;
    private const long MemoryTarget = 250L * 1024 * 1024;

    private static readonly LabelFace Face = new(
        ProductName: "Vải thiều Thanh Hà loại 1",
        LotCode: "260603-K7QF",
        PackedOn: "03/06/2026",
        NetWeight: "2 kg",
        Producer: "Hợp tác xã Nông nghiệp Thanh Hà",
        GrowingAreaCode: "VN-HDTH-0012",
        CertificationMarks: ["VietGAP"]);

    public static async Task<IReadOnlyList<Row>> RunAsync()
    {
        var labels = Labels(SheetLabels, seed: 1).ToList();
        var payloads = labels.ConvertAll(l => l.Payload);

        // One warm-up of each, then the median of three.
        EncodeAll(payloads);
        await WriteSheetAsync(labels, LabelTemplate.A4ThreeByEight);
        var baseline = Median(Enumerable.Range(0, Runs).Select(_ => Time(() => EncodeAll(payloads))).ToList());
        var oursTimes = new List<TimeSpan>();
        long size = 0;
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            size = await WriteSheetAsync(labels, LabelTemplate.A4ThreeByEight);
            oursTimes.Add(watch.Elapsed);
        }

        var ours = Median(oursTimes);
        var ratio = ours / baseline;
        var rows = new List<Row>
        {
            new(
                $"labels: {SheetLabels:N0} a4-3x8 labels, one PDF",
                Row.Seconds(ours),
                Row.Seconds(baseline) + " QRCoder CreateQrCode (ECC Q)",
                ratio.ToString("0.00'×'", CultureInfo.InvariantCulture),
                $"≤ {TimeTarget:0.0}×",
                ratio <= TimeTarget,
                $"{Row.Megabytes(size)}, {size / (double)SheetLabels:0} B/label; runs {string.Join(" ", oursTimes.Select(Row.Seconds))}"),
        };

        rows.Add(await LargeSheetAsync(LabelTemplate.A4ThreeByEight));
        rows.Add(await LargeSheetAsync(LabelTemplate.Thermal50x30));
        return rows;
    }

    private static async Task<Row> LargeSheetAsync(LabelTemplate template)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = Environment.WorkingSet;
        long sampledPeak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                sampledPeak = Math.Max(sampledPeak, Environment.WorkingSet);
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        var watch = Stopwatch.StartNew();
        var size = await WriteSheetAsync(Labels(LargeSheetLabels, seed: 2, lazily: true), template);
        var elapsed = watch.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var processPeak = process.PeakWorkingSet64;
        var peak = Math.Max(sampledPeak, processPeak);
        return new Row(
            $"labels: {LargeSheetLabels:N0} {LabelTemplates.Name(template)} labels, one PDF",
            $"peak {Row.Megabytes(sampledPeak)} (process peak {Row.Megabytes(processPeak)})",
            $"working set before {Row.Megabytes(before)}",
            "-",
            $"≤ {Row.Megabytes(MemoryTarget)}",
            peak <= MemoryTarget,
            $"{Row.Seconds(elapsed)}, {Row.Megabytes(size)}, {size / (double)LargeSheetLabels:0} B/label");
    }

    private static async Task<long> WriteSheetAsync(IEnumerable<StampLabel> labels, LabelTemplate template)
    {
        var output = new CountingStream();
        await LabelSheet.WriteAsync(output, template, Face, ToAsync(labels));
        return output.BytesWritten;
    }

    private static void EncodeAll(IReadOnlyList<string> payloads)
    {
        using var generator = new QRCodeGenerator();
        foreach (var payload in payloads)
        {
            using var code = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.Q);
        }
    }

#pragma warning disable CS1998 // an async iterator over data already in memory, as the API's would be over a database cursor
    private static async IAsyncEnumerable<StampLabel> ToAsync(IEnumerable<StampLabel> labels)
    {
        foreach (var label in labels)
        {
            yield return label;
        }
    }
#pragma warning restore CS1998

    /// <summary>
    /// Labels as the API makes them: random 17-character serials and their Digital Link URIs (GTIN, one lot per 5,000).
    /// </summary>
    private static IEnumerable<StampLabel> Labels(int count, int seed, bool lazily = false)
    {
        var sequence = Generate(count, seed);
        return lazily ? sequence : sequence.ToList();

        static IEnumerable<StampLabel> Generate(int count, int seed)
        {
            const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
            var random = new Random(seed);
            var serial = new char[17];
            for (var i = 0; i < count; i++)
            {
                for (var c = 0; c < serial.Length; c++)
                {
                    serial[c] = alphabet[random.Next(alphabet.Length)];
                }

                var lot = $"2606{(i / 5_000) % 100:00}-K7QF";
                var text = new string(serial);
                yield return new StampLabel($"https://trace.example.vn/01/08931234567890/10/{lot}/21/{text}", text);
            }
        }
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
