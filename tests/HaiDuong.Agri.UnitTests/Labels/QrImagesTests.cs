using System.Xml.Linq;
using FluentAssertions;
using HaiDuong.Agri.Labels;

namespace HaiDuong.Agri.UnitTests.Labels;

public class QrImagesTests
{
    public const string Payload = "https://trace.example.vn/01/08931234567890/10/260603-K7QF/21/3K7QF9M2X8ZQ4TB1R";
    public const string PercentEncodedLot = "https://trace.example.vn/01/08931234567890/10/A%2FB%20C/21/3K7QF9M2X8ZQ4TB1R";

    [Theory]
    [InlineData(Payload, 300)]
    [InlineData(Payload, 1000)]
    [InlineData(PercentEncodedLot, 300)]
    [InlineData(PercentEncodedLot, 1000)]
    public void Png_decodes_back_to_the_exact_payload(string payload, int size)
    {
        var png = QrImages.Png(payload, size);

        QrDecoding.DecodePng(png).Should().Be(payload);
    }

    [Theory]
    [InlineData(Payload)]
    [InlineData(PercentEncodedLot)]
    public void Png_at_the_minimum_size_has_one_pixel_per_module_and_decodes_as_a_pure_barcode(string payload)
    {
        var png = QrImages.Png(payload, QrImages.MinSize);

        using (var image = QrDecoding.Load(png))
        {
            image.Width.Should().Be(QrImages.MinSize);
        }

        ModulesPerSide(payload).Should().BeGreaterThan(QrImages.MinSize / 2, "so only one pixel per module fits");
        QrDecoding.DecodePng(png, pureBarcode: true).Should().Be(payload);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(2048)]
    public void Png_is_the_requested_size_with_at_least_four_pixels_per_module(int size)
    {
        using var image = QrDecoding.Load(QrImages.Png(Payload, size));

        image.Width.Should().Be(size);
        image.Height.Should().Be(size);
        (size / ModulesPerSide(Payload)).Should().BeGreaterThanOrEqualTo(4);
        DarkRunLengthsOfMiddleRow(image).Should().OnlyContain(run => run % (size / ModulesPerSide(Payload)) == 0, "modules are whole pixels");
    }

    [Fact]
    public void Png_is_a_one_bit_greyscale_png()
    {
        var png = QrImages.Png(Payload, QrImages.DefaultSize);

        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        png.AsSpan(12, 4).ToArray().Should().Equal("IHDR"u8.ToArray());
        png[24].Should().Be(1, "bit depth");
        png[25].Should().Be(0, "colour type greyscale");
    }

    [Theory]
    [InlineData(QrImages.MinSize - 1)]
    [InlineData(QrImages.MaxSize + 1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Size_out_of_range_throws(int size)
    {
        ((Action)(() => QrImages.Png(Payload, size))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => QrImages.Svg(Payload, size))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Empty_payload_throws()
    {
        ((Action)(() => QrImages.Png(string.Empty, 300))).Should().Throw<ArgumentException>();
        ((Action)(() => QrImages.Svg(string.Empty, 300))).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(300)]
    [InlineData(2048)]
    public void Svg_is_well_formed_xml_with_the_requested_size_and_a_viewbox_in_modules(int size)
    {
        var svg = XDocument.Parse(QrImages.Svg(Payload, size));

        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.Should().Be(ns + "svg");
        svg.Root.Attribute("width")!.Value.Should().Be(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        svg.Root.Attribute("height")!.Value.Should().Be(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var modules = ModulesPerSide(Payload).ToString(System.Globalization.CultureInfo.InvariantCulture);
        svg.Root.Attribute("viewBox")!.Value.Should().Be($"0 0 {modules} {modules}");
        var path = svg.Root.Element(ns + "path")!.Attribute("d")!.Value;
        path.Should().StartWith("M4 4h7v1h-7z", "the top-left finder pattern starts after the 4-module quiet zone");
    }

    /// <summary>Modules per side of the payload's QR code at ECC Q, the 4-module quiet zone on both sides included.</summary>
    internal static int ModulesPerSide(string payload)
    {
        using var code = QRCoder.QRCodeGenerator.GenerateQrCode(payload, QRCoder.QRCodeGenerator.ECCLevel.Q);
        return code.ModuleMatrix.Count;
    }

    private static List<int> DarkRunLengthsOfMiddleRow(QrDecoding image)
    {
        var runs = new List<int>();
        var run = 0;
        for (var x = 0; x < image.Width; x++)
        {
            if (image.IsDark(x, image.Height / 2))
            {
                run++;
            }
            else if (run > 0)
            {
                runs.Add(run);
                run = 0;
            }
        }

        return runs;
    }
}
