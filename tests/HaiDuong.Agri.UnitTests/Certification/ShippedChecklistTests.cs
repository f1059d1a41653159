using FluentAssertions;
using HaiDuong.Agri.Domain.Certification;

namespace HaiDuong.Agri.UnitTests.Certification;

public sealed class ShippedChecklistTests
{
    [Theory]
    [InlineData(Scheme.Vietgap)]
    [InlineData(Scheme.Globalgap)]
    public void Each_shipped_checklist_loads_with_unique_ids_and_texts_for_every_point(Scheme scheme)
    {
        var checklist = Checklists.For(scheme);
        checklist.Scheme.Should().Be(scheme);
        checklist.Version.Should().NotBeNullOrWhiteSpace();
        checklist.ControlPoints.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        checklist.ControlPoints.Should().OnlyContain(p => p.Text.Length > 10 && p.Section.Length > 0);
        checklist.ControlPoints.Count(p => p.Level == ControlPointLevel.Major).Should().BeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public void Globalgap_has_enough_minor_musts_for_the_95_percent_rule_to_matter_and_vietgap_has_none()
    {
        Checklists.For(Scheme.Globalgap).ControlPoints.Count(p => p.Level == ControlPointLevel.Minor).Should().BeGreaterThanOrEqualTo(20);
        Checklists.For(Scheme.Vietgap).ControlPoints.Should().NotContain(p => p.Level == ControlPointLevel.Minor);
    }

    [Theory]
    [InlineData(Scheme.Vietgap, "cách ly")]
    [InlineData(Scheme.Globalgap, "pre-harvest interval")]
    public void The_pre_harvest_interval_is_a_major_point(Scheme scheme, string words)
    {
        Checklists.For(scheme).ControlPoints
            .Should().Contain(p => p.Level == ControlPointLevel.Major && p.Text.Contains(words, StringComparison.OrdinalIgnoreCase));
    }
}
