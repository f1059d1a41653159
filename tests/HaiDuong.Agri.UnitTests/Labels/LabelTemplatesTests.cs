using FluentAssertions;
using HaiDuong.Agri.Labels;

namespace HaiDuong.Agri.UnitTests.Labels;

public class LabelTemplatesTests
{
    [Theory]
    [InlineData(null, LabelTemplate.A4ThreeByEight)]
    [InlineData("", LabelTemplate.A4ThreeByEight)]
    [InlineData("a4-3x8", LabelTemplate.A4ThreeByEight)]
    [InlineData("A4-3X8", LabelTemplate.A4ThreeByEight)]
    [InlineData("thermal-50x30", LabelTemplate.Thermal50x30)]
    [InlineData("Thermal-50X30", LabelTemplate.Thermal50x30)]
    public void Names_parse_case_insensitively_and_default_to_a4(string? name, LabelTemplate expected)
    {
        LabelTemplates.TryParse(name, out var template).Should().BeTrue();
        template.Should().Be(expected);
    }

    [Theory]
    [InlineData("a4")]
    [InlineData("thermal")]
    [InlineData("letter-3x10")]
    public void Unknown_names_do_not_parse(string name)
    {
        LabelTemplates.TryParse(name, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(LabelTemplate.A4ThreeByEight, "a4-3x8", 24)]
    [InlineData(LabelTemplate.Thermal50x30, "thermal-50x30", 1)]
    public void Name_round_trips_and_labels_per_page_match_the_stock(LabelTemplate template, string name, int perPage)
    {
        LabelTemplates.Name(template).Should().Be(name);
        LabelTemplates.TryParse(LabelTemplates.Name(template), out var parsed).Should().BeTrue();
        parsed.Should().Be(template);
        LabelTemplates.LabelsPerPage(template).Should().Be(perPage);
    }
}
