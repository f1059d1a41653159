using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using HaiDuong.Agri.Labels;

namespace HaiDuong.Agri.UnitTests.Labels;

public sealed partial class LabelSheetTests : IDisposable
{
    private const int Dpi = 200;

    /// <summary>Office printers leave the outer 4–5 mm of a sheet blank: no ink may come nearer to an edge.</summary>
    private const double FiveMillimetres = 5 * LabelGeometry.PointsPerMillimetre;

    /// <summary>Positions are written to the PDF with 2–3 decimals.</summary>
    private const double Rounding = 0.01;

    private readonly LabelSheetFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A4_sheet_of_30_labels_has_2_pages_and_each_label_decodes_to_its_own_payload()
    {
        var payloads = LabelSheetFixture.Payloads(30);

        var (pdf, written) = await _fixture.WriteAsync("a4", LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face("VietGAP"), payloads);

        written.Should().Be(30);
        PageCount(pdf).Should().Be(2);
        var decoded = new List<string?>();
        for (var page = 1; page <= 2; page++)
        {
            using var image = _fixture.Render(pdf, page, Dpi);
            decoded.AddRange(LabelSheetFixture.DecodeLabels(image, LabelGeometry.A4ThreeByEight, Dpi));
        }

        decoded.Take(30).Should().Equal(payloads, "labels are laid out in order, row by row");
        decoded.Skip(30).Should().AllSatisfy(text => text.Should().BeNull("the rest of the last page stays blank"));
        decoded.Where(t => t is not null).Should().BeEquivalentTo(payloads);
    }

    [Fact]
    public async Task Thermal_sheet_of_3_labels_has_3_pages_and_each_label_decodes_to_its_own_payload()
    {
        var payloads = LabelSheetFixture.Payloads(3);

        var (pdf, written) = await _fixture.WriteAsync("thermal", LabelTemplate.Thermal50x30, LabelSheetFixture.Face("VietGAP"), payloads);

        written.Should().Be(3);
        PageCount(pdf).Should().Be(3);
        var decoded = new List<string?>();
        for (var page = 1; page <= 3; page++)
        {
            using var image = _fixture.Render(pdf, page, Dpi);
            decoded.AddRange(LabelSheetFixture.DecodeLabels(image, LabelGeometry.Thermal50x30, Dpi));
        }

        decoded.Should().Equal(payloads);
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight)]
    [InlineData(LabelTemplate.Thermal50x30)]
    public async Task Pdftotext_finds_the_vietnamese_text_exactly(LabelTemplate template)
    {
        var (pdf, _) = await _fixture.WriteAsync("text", template, LabelSheetFixture.Face("VietGAP"), LabelSheetFixture.Payloads(2));

        var text = ExtractText(pdf);

        text.Should().Contain("Vải thiều Thanh Hà loại 1")
            .And.Contain("Lô: 260603-K7QF")
            .And.Contain("Đóng gói: 03/06/2026")
            .And.Contain("KL tịnh: 2 kg")
            .And.Contain("Hợp tác xã Nông nghiệp Thanh Hà")
            .And.Contain("Mã vùng trồng: VN-HDTH-0012")
            .And.Contain("VietGAP")
            .And.Contain("Quét mã để truy xuất");
    }

    [Fact]
    public async Task No_certification_badge_is_drawn_when_the_marks_are_empty()
    {
        var (pdf, _) = await _fixture.WriteAsync("no-mark", LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face(), LabelSheetFixture.Payloads(2));

        var text = ExtractText(pdf);

        text.Should().Contain("Lô: 260603-K7QF").And.NotContain("VietGAP");
    }

    [Fact]
    public async Task Growing_area_line_is_left_out_when_there_is_no_code()
    {
        var face = LabelSheetFixture.Face("GLOBALG.A.P.") with { GrowingAreaCode = null };

        var (pdf, _) = await _fixture.WriteAsync("no-area", LabelTemplate.A4ThreeByEight, face, LabelSheetFixture.Payloads(1));

        var text = ExtractText(pdf);
        text.Should().NotContain("Mã vùng trồng").And.Contain("GLOBALG.A.P.");
    }

    [Fact]
    public async Task Text_given_decomposed_comes_out_of_pdftotext_composed()
    {
        var face = LabelSheetFixture.Face("VietGAP");
        face = face with
        {
            ProductName = face.ProductName.Normalize(NormalizationForm.FormD),
            Producer = face.Producer.Normalize(NormalizationForm.FormD),
            PackedOn = face.PackedOn,
        };
        face.ProductName.Should().NotBe("Vải thiều Thanh Hà loại 1", "the input really is decomposed");

        var (pdf, _) = await _fixture.WriteAsync("nfd", LabelTemplate.A4ThreeByEight, face, LabelSheetFixture.Payloads(1));

        var text = ExtractText(pdf);
        text.Should().Contain("Vải thiều Thanh Hà loại 1").And.Contain("Hợp tác xã Nông nghiệp Thanh Hà");
        text.IsNormalized(NormalizationForm.FormC).Should().BeTrue();
    }

    [Fact]
    public async Task Zero_payloads_give_a_valid_pdf_with_one_blank_page_and_return_0()
    {
        var (pdf, written) = await _fixture.WriteAsync("empty", LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face("VietGAP"), []);

        written.Should().Be(0);
        PageCount(pdf).Should().Be(1);
        ExtractText(pdf).Trim().Should().BeEmpty();
        using var image = _fixture.Render(pdf, 1, 50);
        image.IsDark(image.Width / 2, image.Height / 2).Should().BeFalse();
    }

    [Fact]
    public async Task Pages_reach_the_output_before_the_payloads_run_out()
    {
        using var output = new MemoryStream();
        long lengthAfter2000 = -1;

        async IAsyncEnumerable<StampLabel> Source()
        {
            var payloads = LabelSheetFixture.Payloads(5_000);
            for (var i = 0; i < payloads.Count; i++)
            {
                if (i == 2_000)
                {
                    lengthAfter2000 = output.Length;
                }

                await Task.Yield();
                yield return new StampLabel(payloads[i], LabelSheetFixture.SerialOf(payloads[i]));
            }
        }

        var written = await LabelSheet.WriteAsync(output, LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face("VietGAP"), Source());

        written.Should().Be(5_000);
        lengthAfter2000.Should().BeGreaterThan(0, "pages are written as their payloads arrive");
        lengthAfter2000.Should().BeLessThan(output.Length);
    }

    [Fact]
    public async Task Fonts_are_embedded_subset_cid_truetype_with_unicode_maps()
    {
        var (pdf, _) = await _fixture.WriteAsync("fonts", LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face("VietGAP"), LabelSheetFixture.Payloads(1));

        var fonts = Poppler.Run("pdffonts", pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

        fonts.Should().HaveCount(2);
        fonts.Should().AllSatisfy(line => line.Should().MatchRegex(@"^[A-Z]{6}\+NotoSans-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s"));
    }

    [Fact]
    public async Task Every_cross_reference_entry_points_at_its_object()
    {
        var (pdf, _) = await _fixture.WriteAsync("xref", LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face("VietGAP"), LabelSheetFixture.Payloads(50));
        var bytes = await File.ReadAllBytesAsync(pdf);
        var text = Encoding.Latin1.GetString(bytes);

        text.Should().StartWith("%PDF-1.7\n%").And.EndWith("%%EOF\n");
        var startXref = int.Parse(StartXref().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var header = XrefHeader().Match(text, startXref);
        header.Success.Should().BeTrue();
        var count = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        var entries = startXref + header.Length;
        for (var number = 1; number < count; number++)
        {
            var entry = text.Substring(entries + (20 * number), 20);
            entry.Should().MatchRegex(@"^\d{10} 00000 n\r\n$");
            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            text.Substring(offset, 32).Should().StartWith($"{number} 0 obj\n");
        }

        text.Substring(entries, 20).Should().Be("0000000000 65535 f\r\n");
        text.Should().Contain($"/Size {count} ");
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight)]
    [InlineData(LabelTemplate.Thermal50x30)]
    public async Task Long_text_is_set_smaller_or_cut_with_an_ellipsis_and_stays_inside_its_label(LabelTemplate template)
    {
        var face = new LabelFace(
            ProductName: "Vải thiều Thanh Hà loại 1 đặc biệt tuyển chọn xuất khẩu sang Nhật Bản, Hàn Quốc và Liên minh châu Âu",
            LotCode: "260603-K7QF-EXTRA-LONG-LOT-CODE-0001",
            PackedOn: "03/06/2026",
            NetWeight: "2 kg",
            Producer: "Hợp tác xã Dịch vụ Nông nghiệp và Tiêu thụ Vải thiều Thanh Hà, huyện Thanh Hà, tỉnh Hải Dương",
            GrowingAreaCode: "VN-HDTH-0012-0034-0056-0078",
            CertificationMarks: ["VietGAP", "GLOBALG.A.P.", "Hữu cơ Việt Nam", "JAS Organic"]);
        var geometry = LabelGeometry.For(template);
        var payloads = LabelSheetFixture.Payloads(geometry.LabelsPerPage);

        var (pdf, _) = await _fixture.WriteAsync("long", template, face, payloads);

        var words = Words(Poppler.Run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"));
        words.Should().Contain(w => w.Text.EndsWith('…'), "something had to be cut");
        var tolerance = 0.5;
        foreach (var word in words)
        {
            var column = (int)((word.XMin + word.XMax) / 2 / geometry.LabelWidth);
            var row = (int)((word.YMin + word.YMax) / 2 / geometry.LabelHeight);
            var left = column * geometry.LabelWidth;
            var top = row * geometry.LabelHeight;
            word.XMin.Should().BeGreaterThanOrEqualTo(left + geometry.TextLeft - tolerance, word.Text);
            word.XMax.Should().BeLessThanOrEqualTo(left + geometry.TextLeft + geometry.TextWidth + tolerance, word.Text);
            word.YMin.Should().BeGreaterThanOrEqualTo(top + 1, word.Text);
            word.YMax.Should().BeLessThanOrEqualTo(top + geometry.LabelHeight - 1, word.Text);

            // Every word's box (the font's ascent to its descent) keeps 5 mm from the label's edges.
            word.XMin.Should().BeGreaterThanOrEqualTo(left + FiveMillimetres - Rounding, word.Text);
            word.XMax.Should().BeLessThanOrEqualTo(left + geometry.LabelWidth - FiveMillimetres + Rounding, word.Text);
            word.YMin.Should().BeGreaterThanOrEqualTo(top + FiveMillimetres - Rounding, word.Text);
            word.YMax.Should().BeLessThanOrEqualTo(top + geometry.LabelHeight - FiveMillimetres + Rounding, word.Text);
        }

        words.Where(w => w.Text == "Quét").Should().HaveCount(geometry.LabelsPerPage, "every label keeps its call to action");
        foreach (var label in words.GroupBy(w => ((int)((w.XMin + w.XMax) / 2 / geometry.LabelWidth), (int)((w.YMin + w.YMax) / 2 / geometry.LabelHeight))))
        {
            // The call to action and the serial sit below everything else of the label, clear of it.
            var foot = label.Single(w => w.Text == "Quét").YMin;
            label.Where(w => w.YMin < foot - tolerance).Should().AllSatisfy(w => w.YMax.Should().BeLessThanOrEqualTo(foot, w.Text));
            var below = label.Where(w => w.YMin >= foot - tolerance).Select(w => w.Text).ToList();
            below.Should().StartWith(["Quét", "mã", "để", "truy", "xuất"]);
            string.Concat(below.Skip(5)).Should().MatchRegex("^[0-9A-Z]{17}$", "only the serial (in groups or not) follows");
        }

        using var image = _fixture.Render(pdf, 1, Dpi);
        LabelSheetFixture.DecodeLabels(image, geometry, Dpi).Should().Equal(payloads);
    }

    [Fact]
    public async Task An_empty_payload_is_refused()
    {
        using var output = new MemoryStream();

        var write = () => LabelSheet.WriteAsync(
            output, LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face(), LabelSheetFixture.Stream(["https://trace.example.vn/01/08931234567890", string.Empty]));

        await write.Should().ThrowAsync<ArgumentException>().WithMessage("Payload 2 is empty*");
    }

    [Fact]
    public async Task Cancellation_stops_the_sheet()
    {
        using var output = new MemoryStream();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var write = () => LabelSheet.WriteAsync(
            output, LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face(), LabelSheetFixture.Stream(LabelSheetFixture.Payloads(10)), cancellation.Token);

        await write.Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight)]
    [InlineData(LabelTemplate.Thermal50x30)]
    public async Task Every_label_prints_its_own_serial_under_the_call_to_action(LabelTemplate template)
    {
        var geometry = LabelGeometry.For(template);
        var payloads = LabelSheetFixture.Payloads(geometry.LabelsPerPage + 2);

        var (pdf, _) = await _fixture.WriteAsync("serials", template, LabelSheetFixture.Face("VietGAP"), payloads);

        var texts = new List<string>();
        for (var page = 1; page <= PageCount(pdf); page++)
        {
            texts.AddRange(PrintedLabels.Texts(pdf, page, geometry.Columns, geometry.Rows));
        }

        var serials = payloads.ConvertAll(LabelSheetFixture.SerialOf);
        serials.Should().AllSatisfy(serial => serial.Should().HaveLength(17));
        texts.Take(payloads.Count).Select(PrintedLabels.Serial).Should().Equal(serials, "each label shows its own serial, in order");
        texts.Skip(payloads.Count).Where(text => text.Length > 0).Should().BeEmpty("the rest of the last page stays blank");
        for (var i = 0; i < payloads.Count; i++)
        {
            var text = texts[i];
            text.Should().StartWith("Vải thiều Thanh Hà loại 1").And.Contain("Lô: 260603-K7QF")
                .And.EndWith(text[text.IndexOf("Quét mã để truy xuất", StringComparison.Ordinal)..], "the call to action comes last but for the serial");

            // Grouped by four for reading when there is room, else as issued; never cut.
            var printed = text[(text.IndexOf("Quét mã để truy xuất", StringComparison.Ordinal) + "Quét mã để truy xuất".Length)..].Trim();
            printed.Should().BeOneOf(Grouped(serials[i]), serials[i]);
            if (template == LabelTemplate.A4ThreeByEight)
            {
                printed.Should().Be(Grouped(serials[i]), "A4 labels have room for the groups");
            }
        }

        static string Grouped(string serial) => string.Join(' ', serial.Chunk(4).Select(c => new string(c)));
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight, false)]
    [InlineData(LabelTemplate.A4ThreeByEight, true)]
    [InlineData(LabelTemplate.Thermal50x30, false)]
    [InlineData(LabelTemplate.Thermal50x30, true)]
    public async Task No_ink_comes_within_5_mm_of_a_label_edge_and_so_of_the_sheet_edge(LabelTemplate template, bool longText)
    {
        var face = longText
            ? new LabelFace(
                ProductName: "Vải thiều Thanh Hà loại 1 đặc biệt tuyển chọn xuất khẩu sang Nhật Bản, Hàn Quốc và Liên minh châu Âu",
                LotCode: "260603-K7QF-EXTRA-LONG-LOT-CODE-0001",
                PackedOn: "03/06/2026",
                NetWeight: "2 kg",
                Producer: "Hợp tác xã Dịch vụ Nông nghiệp và Tiêu thụ Vải thiều Thanh Hà, huyện Thanh Hà, tỉnh Hải Dương",
                GrowingAreaCode: "VN-HDTH-0012-0034-0056-0078",
                CertificationMarks: ["VietGAP", "GLOBALG.A.P.", "Hữu cơ Việt Nam", "JAS Organic"])
            : LabelSheetFixture.Face("VietGAP");
        var geometry = LabelGeometry.For(template);
        // Serials of the widest letters, so the serial line is as long as it gets.
        var payloads = LabelSheetFixture.Payloads(geometry.LabelsPerPage).ConvertAll(p => p[..^17] + "WMWMWMWMWMWMWMWMW");

        var (pdf, _) = await _fixture.WriteAsync("margins", template, face, payloads);

        using var image = _fixture.Render(pdf, 1, Dpi);
        var scale = Dpi / 72.0;
        var band = FiveMillimetres * scale;
        for (var slot = 0; slot < geometry.LabelsPerPage; slot++)
        {
            var (x, y) = geometry.LabelOrigin(slot);
            var left = x * scale;
            var top = (geometry.PageHeight - y - geometry.LabelHeight) * scale;
            var right = left + (geometry.LabelWidth * scale);
            var bottom = top + (geometry.LabelHeight * scale);

            // Whole pixels inside the 5 mm bands along the label's four edges (a pixel across the 5 mm line may be grey).
            var (inLeft, inTop) = ((int)Math.Ceiling(left), (int)Math.Ceiling(top));
            var (inRight, inBottom) = ((int)Math.Floor(right), (int)Math.Floor(bottom));
            var across = (int)Math.Floor(band);
            image.CountInk(inLeft, inTop, across, inBottom - inTop).Should().Be(0, $"label {slot + 1}: nothing within 5 mm of its left edge");
            image.CountInk(inRight - across, inTop, across, inBottom - inTop).Should().Be(0, $"label {slot + 1}: nothing within 5 mm of its right edge");
            image.CountInk(inLeft, inTop, inRight - inLeft, across).Should().Be(0, $"label {slot + 1}: nothing within 5 mm of its top edge");
            image.CountInk(inLeft, inBottom - across, inRight - inLeft, across).Should().Be(0, $"label {slot + 1}: nothing within 5 mm of its bottom edge");

            // And the label is not blank: its QR code and text are inside.
            image.CountInk(inLeft + across, inTop + across, inRight - inLeft - (2 * across), inBottom - inTop - (2 * across))
                .Should().BeGreaterThan(1000, $"label {slot + 1} is printed");
        }

        // The QR code's quiet zone on the side of the text stays white (the 4 modules right of the symbol).
        using (var generator = new QRCoder.QRCodeGenerator())
        using (var code = generator.CreateQrCode(payloads[0], QRCoder.QRCodeGenerator.ECCLevel.Q))
        {
            var symbol = geometry.QrSymbol(code.ModuleMatrix.Count);
            for (var slot = 0; slot < geometry.LabelsPerPage; slot++)
            {
                var (x, y) = geometry.LabelOrigin(slot);
                var quietLeft = (int)Math.Ceiling((x + symbol.Left + symbol.Side) * scale) + 1;
                var quietRight = (int)Math.Floor((x + symbol.Left + symbol.Side + (LabelGeometry.QuietModules * symbol.Module)) * scale);
                var top = (int)Math.Ceiling((geometry.PageHeight - y - geometry.LabelHeight + geometry.InkMargin) * scale);
                image.CountInk(quietLeft, top, quietRight - quietLeft, (int)Math.Floor(geometry.QrSide * scale))
                    .Should().Be(0, $"label {slot + 1}: nothing in the quiet zone between the QR code and the text");
            }
        }

        // The sheet's own edges, whatever the labels: 5 mm all round the page.
        var (width, height) = (image.Width, image.Height);
        var edge = (int)Math.Floor(band);
        image.CountInk(0, 0, width, edge).Should().Be(0, "the top of the sheet stays blank");
        image.CountInk(0, height - edge, width, edge).Should().Be(0, "the bottom of the sheet stays blank");
        image.CountInk(0, 0, edge, height).Should().Be(0, "the left of the sheet stays blank");
        image.CountInk(width - edge, 0, edge, height).Should().Be(0, "the right of the sheet stays blank");
        LabelSheetFixture.DecodeLabels(image, geometry, Dpi).Should().Equal(payloads);
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight)]
    [InlineData(LabelTemplate.Thermal50x30)]
    public void The_qr_symbol_and_the_text_box_keep_5_mm_from_the_edges_and_the_text_keeps_off_the_quiet_zone(LabelTemplate template)
    {
        const double mm = LabelGeometry.PointsPerMillimetre;
        var geometry = LabelGeometry.For(template);
        var (width, height) = (geometry.LabelWidth, geometry.LabelHeight);

        geometry.TextLeft.Should().BeGreaterThanOrEqualTo(5 * mm);
        geometry.TextBottom.Should().BeGreaterThanOrEqualTo(5 * mm);
        (geometry.TextLeft + geometry.TextWidth).Should().BeLessThanOrEqualTo(width - (5 * mm) + Rounding);
        (geometry.TextBottom + geometry.TextHeight).Should().BeLessThanOrEqualTo(height - (5 * mm) + Rounding);

        // Every QR version a Digital Link of ours can need (4: a bare GTIN link … 10: ~150 characters).
        for (var version = 4; version <= 10; version++)
        {
            var matrix = 17 + (4 * version) + (2 * LabelGeometry.QuietModules);
            var (left, bottom, side, module) = geometry.QrSymbol(matrix);
            var because = $"version {version} on {template}";
            left.Should().BeGreaterThanOrEqualTo(5 * mm, because);
            bottom.Should().BeGreaterThanOrEqualTo((5 * mm) - Rounding, because);
            (bottom + side).Should().BeLessThanOrEqualTo(height - (5 * mm) + Rounding, because);
            (left + side + (LabelGeometry.QuietModules * module)).Should().BeLessThanOrEqualTo(geometry.TextLeft + Rounding, because + ": the quiet zone is clear of text");
            side.Should().BeApproximately(module * (matrix - (2 * LabelGeometry.QuietModules)), 1e-9);
        }

        // The codes the API prints (~80-character Digital Links): as large as the margins allow, modules ≥ 0.5 mm on A4.
        using var generator = new QRCoder.QRCodeGenerator();
        using var code = generator.CreateQrCode(LabelSheetFixture.Payloads(1)[0], QRCoder.QRCodeGenerator.ECCLevel.Q);
        var symbol = geometry.QrSymbol(code.ModuleMatrix.Count);
        symbol.Side.Should().BeApproximately(height - (2 * geometry.InkMargin), 1e-6, "the symbol fills the height inside the margins");
        if (template == LabelTemplate.A4ThreeByEight)
        {
            (symbol.Side / mm).Should().BeInRange(25, 34, "the size that scanned 24/24 per A4 page");
            (symbol.Module / mm).Should().BeGreaterThanOrEqualTo(0.5);
        }
        else
        {
            (symbol.Side / mm).Should().BeApproximately(20, 1e-6, "30 mm less 5 mm top and bottom");
        }
    }

    [Theory]
    [InlineData("", "Serial 2 is empty*")]
    [InlineData("0123456789ABCDEFGHJKMNPQRSTVWXYZ0", "Serial 2 is longer than 32 characters*")]
    public async Task An_empty_or_too_long_serial_is_refused(string serial, string message)
    {
        using var output = new MemoryStream();
        var payload = LabelSheetFixture.Payloads(1)[0];

        var write = () => LabelSheet.WriteAsync(
            output, LabelTemplate.A4ThreeByEight, LabelSheetFixture.Face(), LabelSheetFixture.Stream([new StampLabel(payload, "ABCD"), new StampLabel(payload, serial)]));

        await write.Should().ThrowAsync<ArgumentException>().WithMessage(message);
    }

    private static int PageCount(string pdf)
    {
        var info = Poppler.Run("pdfinfo", pdf);
        return int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>pdftotext's text with every run of white space made one space (names wrap onto two lines).</summary>
    private static string ExtractText(string pdf) => WhiteSpace().Replace(Poppler.Run("pdftotext", pdf, "-"), " ");

    private static List<(string Text, double XMin, double YMin, double XMax, double YMax)> Words(string bboxHtml)
    {
        return WordBox().Matches(bboxHtml)
            .Select(m => (
                System.Net.WebUtility.HtmlDecode(m.Groups[5].Value),
                double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"\Gxref\n0 (\d+)\n")]
    private static partial Regex XrefHeader();

    [GeneratedRegex("<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")]
    private static partial Regex WordBox();
}
