using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.UnitTests.Labels;

namespace HaiDuong.Agri.IntegrationTests.Lots;

/// <summary>What a cooperative prints and a phone scans, fetched over HTTP and read back with real decoders.</summary>
public sealed class LabelAndQrTests(AgriApp app) : IClassFixture<AgriApp>
{
    private async Task<(Farm Farm, string LotId, string LotCode, List<string> Serials)> StampedLotAsync(int stamps, bool certified = false)
    {
        var farm = await app.FarmAsync();
        if (certified)
        {
            await app.CertifyAsync(farm.GrowingAreaId, $"VG-{Guid.NewGuid():N}"[..12], "2028-01-14");
        }

        var batchId = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        await (await farm.Household.PostJson($"/api/v1/batches/{batchId}/harvests", new { harvestedOn = "2026-06-03", quantityKg = 850 })).Expect(HttpStatusCode.OK);
        var lot = await (await farm.Cooperative.PostJson("/api/v1/lots", new
        {
            batchId,
            gtin = "8931234567897",
            packedOn = "2026-06-04",
            unitCount = 400,
            netWeightGrams = 2000,
            packaging = "Hộp 2 kg",
            productName = "Vải thiều Thanh Hà loại 1",
        })).Expect(HttpStatusCode.Created);
        var serials = (await (await farm.Cooperative.PostJson($"/api/v1/lots/{lot.Id()}/stamps", new { count = stamps })).Expect(HttpStatusCode.Created))["serials"]!
            .AsArray().Select(s => s!.GetValue<string>()).ToList();
        return (farm, lot.Id(), lot["lotCode"]!.GetValue<string>(), serials);
    }

    private static async Task<string> SaveAsync(HttpResponseMessage response, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"agri-{Guid.NewGuid():N}-{name}");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    [Fact]
    public async Task A_stamps_PNG_decodes_to_its_exact_Digital_Link_and_is_cacheable()
    {
        var (farm, _, lotCode, serials) = await StampedLotAsync(1);
        var png = await farm.Cooperative.GetAsync($"/api/v1/stamps/{serials[0]}/qr.png?size=400");
        png.StatusCode.Should().Be(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        png.Headers.CacheControl!.MaxAge.Should().BeGreaterThan(TimeSpan.Zero);
        QrDecoding.DecodePng(await png.Content.ReadAsByteArrayAsync())
            .Should().Be($"https://trace.example.vn/01/08931234567897/10/{lotCode}/21/{serials[0]}");

        var again = await farm.Cooperative.Send(HttpMethod.Get, $"/api/v1/stamps/{serials[0]}/qr.png?size=400", null, ("If-None-Match", png.Headers.ETag!.Tag));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);

        var svg = await farm.Cooperative.GetAsync($"/api/v1/stamps/{serials[0]}/qr.svg?size=200");
        svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
        (await svg.Content.ReadAsStringAsync()).Should().Contain("<svg").And.Contain("width=\"200\"");

        await (await farm.Cooperative.GetAsync($"/api/v1/stamps/{serials[0]}/qr.png?size=10")).ExpectFieldErrors("size");
        await (await farm.Cooperative.GetAsync("/api/v1/stamps/NOSUCHSERIAL000000/qr.png")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Every_code_on_a_printed_A4_sheet_scans_and_the_Vietnamese_text_is_intact()
    {
        var (farm, lotId, lotCode, serials) = await StampedLotAsync(30, certified: true);
        var sheet = await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?template=a4-3x8");
        sheet.StatusCode.Should().Be(HttpStatusCode.OK);
        sheet.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var pdf = await SaveAsync(sheet, "labels.pdf");
        try
        {
            Poppler.Run("pdfinfo", pdf).Should().MatchRegex(@"Pages:\s+2");
            // Each label's text in reading order, with line breaks (the product name wraps) read as spaces.
            var text = string.Join(' ', Poppler.Run("pdftotext", pdf, "-").Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            text.Should().Contain("Vải thiều Thanh Hà loại 1").And.Contain(lotCode).And.Contain("04/06/2026")
                .And.Contain("HTX Vải thiều Thanh Hà").And.Contain("VN-HDTH-0012").And.Contain("VietGAP").And.Contain("2 kg");

            // Each label, read on its own, shows the call to action and its own serial: the ones issued, in issue order.
            var labels = PrintedLabels.Texts(pdf, 1, 3, 8).Concat(PrintedLabels.Texts(pdf, 2, 3, 8)).ToList();
            labels.Take(30).Should().AllSatisfy(label => label.Should().Contain(PrintedLabels.CallToAction).And.Contain(lotCode));
            labels.Take(30).Select(PrintedLabels.Serial).Should().Equal(serials);
            labels.Skip(30).Should().AllSatisfy(label => label.Should().BeEmpty());

            var decoded = new List<string>();
            var prefix = Path.Combine(Path.GetTempPath(), $"agri-{Guid.NewGuid():N}");
            Poppler.Run("pdftoppm", "-r", "200", "-png", pdf, prefix);
            foreach (var page in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(prefix) + "*.png").Order())
            {
                using var image = QrDecoding.Load(await File.ReadAllBytesAsync(page));
                var (columns, rows) = (3, 8);
                var (width, height) = (image.Width / columns, image.Height / rows);
                for (var row = 0; row < rows; row++)
                {
                    for (var column = 0; column < columns; column++)
                    {
                        // The QR code fills the left square of each 70 × 37 mm label; read that square only.
                        if (image.Decode(column * width, row * height, height, height) is { } code)
                        {
                            decoded.Add(code);
                        }
                    }
                }

                File.Delete(page);
            }

            decoded.Should().BeEquivalentTo(serials.Select(s => $"https://trace.example.vn/01/08931234567897/10/{lotCode}/21/{s}"));
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [Fact]
    public async Task Printing_the_unprinted_marks_them_printed_and_skips_voided_stamps()
    {
        var (farm, lotId, _, serials) = await StampedLotAsync(5);
        await (await farm.Cooperative.PostJson($"/api/v1/stamps/{serials[0]}/void", new { reason = "Nhãn hỏng" })).Expect(HttpStatusCode.OK);
        var first = await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?template=thermal-50x30&serials=unprinted");
        var pdf = await SaveAsync(first, "thermal.pdf");
        try
        {
            Poppler.Run("pdfinfo", pdf).Should().MatchRegex(@"Pages:\s+4", "one 50×30 mm label per page, the voided stamp left out");
            Poppler.Run("pdftotext", pdf, "-").Should().NotContain("VietGAP", "the batch has no certificate");
            Enumerable.Range(1, 4).Select(page => PrintedLabels.Serial(PrintedLabels.Texts(pdf, page, 1, 1)[0]))
                .Should().Equal(serials.Skip(1), "each thermal label shows its serial, the voided stamp's left out");
        }
        finally
        {
            File.Delete(pdf);
        }

        var stamps = await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/stamps")).Expect(HttpStatusCode.OK);
        stamps["items"]!.AsArray().Select(s => s!["printedAt"] is not null).Should().Equal(false, true, true, true, true);
        await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?serials=unprinted"))
            .ExpectProblem(HttpStatusCode.Conflict, "no-stamps-to-print");
        (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?serials=all")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?template=a5")).ExpectFieldErrors("template");
        await (await farm.Cooperative.GetAsync($"/api/v1/lots/{lotId}/labels.pdf?serials=some")).ExpectFieldErrors("serials");
    }
}
