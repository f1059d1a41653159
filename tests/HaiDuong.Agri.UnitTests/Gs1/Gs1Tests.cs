using FluentAssertions;
using HaiDuong.Agri.Domain.Gs1;

namespace HaiDuong.Agri.UnitTests.Gs1;

public sealed class Gs1Tests
{
    [Theory]
    [InlineData("539123456789", 2)]
    [InlineData("0952123454321", 3)]
    [InlineData("893123456789", 7)]
    public void Check_digits_match_the_GS1_vectors(string data, int check) => Gtin.CheckDigit(data).Should().Be(check);

    [Theory]
    [InlineData("8931234567897", "08931234567897")]
    [InlineData("5391234567892", "05391234567892")]
    [InlineData("09521234543213", "09521234543213")]
    [InlineData("96385074", "00000096385074")]
    [InlineData("036000291452", "00036000291452")]
    public void Valid_GTIN_8_12_13_and_14_are_stored_as_GTIN_14(string gtin, string gtin14)
    {
        Gtin.ToGtin14(gtin, out var error).Should().Be(gtin14);
        error.Should().BeNull();
    }

    [Theory]
    [InlineData("8931234567898", "check digit")]
    [InlineData("893123456789", "check digit")]
    [InlineData("89312345678", "8, 12, 13 or 14")]
    [InlineData("893123456789A", "digits only")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void Invalid_GTINs_are_refused_with_the_reason(string? gtin, string reason)
    {
        Gtin.ToGtin14(gtin, out var error).Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Digital_links_put_the_identifiers_in_GS1_order_and_percent_encode_reserved_characters()
    {
        DigitalLink.ForUnit("https://trace.example.vn/", "08931234567897", "A/B 1%", "3K7QF9M2X8ZQ4TB1R")
            .Should().Be("https://trace.example.vn/01/08931234567897/10/A%2FB%201%25/21/3K7QF9M2X8ZQ4TB1R");
        DigitalLink.ForLot("https://trace.example.vn", "08931234567897", "260603-K7QF")
            .Should().Be("https://trace.example.vn/01/08931234567897/10/260603-K7QF");
    }

    [Theory]
    [InlineData("260603-K7QF", true)]
    [InlineData("LOT/2026_06+A", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("lô-1", false)]
    [InlineData("A B", false)]
    [InlineData("", false)]
    public void Lot_codes_are_at_most_20_characters_of_GS1s_set(string lot, bool valid) => DigitalLink.IsAiValue(lot).Should().Be(valid);

    [Fact]
    public void Serials_are_17_readable_uri_safe_characters_carrying_85_random_bits()
    {
        var serials = Enumerable.Range(0, 20_000).Select(_ => Serials.New()).ToList();
        serials.Should().OnlyHaveUniqueItems();
        serials.Should().OnlyContain(s => s.Length == 17 && s.All(c => Serials.Alphabet.Contains(c)));
        serials.Should().OnlyContain(s => DigitalLink.IsAiValue(s) && Uri.EscapeDataString(s) == s);
        Serials.Bits.Should().BeGreaterThanOrEqualTo(80);

        // Every character position uses the whole alphabet about evenly: no position is stuck or biased.
        for (var position = 0; position < Serials.Length; position++)
        {
            var counts = serials.GroupBy(s => s[position]).Select(g => g.Count()).ToList();
            counts.Should().HaveCount(32, $"position {position} should use all 32 symbols");
            counts.Max().Should().BeLessThan(900, $"position {position} should be close to uniform (expected 625 each)");
        }
    }

    [Fact]
    public void Encoding_reads_the_bits_most_significant_first()
    {
        Serials.Encode([0b0000_1000, 0b0100_0011, 0b0000_0000], 4).Should().Be("111G");
        Serials.Encode(new byte[11], 17).Should().Be(new string('0', 17));
        Serials.Encode(Enumerable.Repeat((byte)0xFF, 11).ToArray(), 17).Should().Be(new string('Z', 17));
    }
}
