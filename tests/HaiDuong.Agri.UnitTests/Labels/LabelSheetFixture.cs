using System.Runtime.CompilerServices;
using HaiDuong.Agri.Labels;

namespace HaiDuong.Agri.UnitTests.Labels;

/// <summary>Faces, payloads and a scratch folder for the label sheet tests.</summary>
internal sealed class LabelSheetFixture : IDisposable
{
    public LabelSheetFixture()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "haiduong-labels-" + Guid.NewGuid().ToString("N"));

    public static LabelFace Face(params string[] marks) => new(
        ProductName: "Vải thiều Thanh Hà loại 1",
        LotCode: "260603-K7QF",
        PackedOn: "03/06/2026",
        NetWeight: "2 kg",
        Producer: "Hợp tác xã Nông nghiệp Thanh Hà",
        GrowingAreaCode: "VN-HDTH-0012",
        CertificationMarks: marks);

    /// <summary>Distinct GS1 Digital Link URIs like the API makes: GTIN, lot, and a 17-character serial.</summary>
    public static List<string> Payloads(int count, string lot = "260603-K7QF")
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var random = new Random(count);
        var payloads = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var serial = new char[17];
            for (var c = 0; c < serial.Length; c++)
            {
                serial[c] = alphabet[random.Next(alphabet.Length)];
            }

            payloads.Add($"https://trace.example.vn/01/08931234567890/10/{lot}/21/{new string(serial)}");
        }

        return payloads;
    }

    /// <summary>The serial in a payload like <see cref="Payloads"/> makes (after "/21/"), or a stand-in for other payloads.</summary>
    public static string SerialOf(string payload)
    {
        var at = payload.LastIndexOf("/21/", StringComparison.Ordinal);
        return at < 0 ? "NOSERIAL" : Uri.UnescapeDataString(payload[(at + 4)..]);
    }

    /// <summary>The payloads as labels (each with its <see cref="SerialOf"/>), one at a time.</summary>
    public static IAsyncEnumerable<StampLabel> Stream(
        IEnumerable<string> payloads, CancellationToken cancellationToken = default) =>
        Stream(payloads.Select(p => new StampLabel(p, SerialOf(p))), cancellationToken);

    public static async IAsyncEnumerable<StampLabel> Stream(
        IEnumerable<StampLabel> labels, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var label in labels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return label;
        }
    }

    /// <summary>Writes a sheet to a file in <see cref="Folder"/> and returns its path and the count returned.</summary>
    public async Task<(string Path, int Written)> WriteAsync(string name, LabelTemplate template, LabelFace face, IEnumerable<string> payloads)
    {
        var path = Path.Combine(Folder, name + ".pdf");
        await using var file = File.Create(path);
        var written = await LabelSheet.WriteAsync(file, template, face, Stream(payloads));
        return (path, written);
    }

    /// <summary>Renders page <paramref name="page"/> (1-based) at <paramref name="dpi"/> with pdftoppm and loads it.</summary>
    public QrDecoding Render(string pdf, int page, int dpi)
    {
        var prefix = Path.Combine(Folder, Path.GetFileNameWithoutExtension(pdf) + "-p" + page);
        var pageText = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Poppler.Run("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-f", pageText, "-l", pageText, "-singlefile", pdf, prefix);
        return QrDecoding.Load(File.ReadAllBytes(prefix + ".png"));
    }

    /// <summary>The QR text of every label slot of a rendered page, read from a crop of just that label (null = none).</summary>
    public static List<string?> DecodeLabels(QrDecoding page, LabelGeometry geometry, int dpi)
    {
        var scale = dpi / 72.0;
        var texts = new List<string?>();
        for (var slot = 0; slot < geometry.LabelsPerPage; slot++)
        {
            var (x, y) = geometry.LabelOrigin(slot);
            var left = (int)Math.Floor(x * scale);
            var top = (int)Math.Floor((geometry.PageHeight - y - geometry.LabelHeight) * scale);
            var width = (int)Math.Ceiling(geometry.LabelWidth * scale);
            var height = (int)Math.Ceiling(geometry.LabelHeight * scale);
            texts.Add(page.Decode(left, top, width, height));
        }

        return texts;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
