using FluentAssertions;
using HaiDuong.Agri.Domain.Certification;

namespace HaiDuong.Agri.UnitTests.Certification;

public sealed class InspectionRulesTests
{
    /// <summary>A GLOBALG.A.P.-style list: 5 major musts, 20 minor musts, 3 recommendations.</summary>
    private static readonly Checklist Globalgap = Build(Scheme.Globalgap, majors: 5, minors: 20, recommendations: 3);

    private static readonly Checklist Vietgap = Build(Scheme.Vietgap, majors: 6, minors: 0, recommendations: 4);

    private static Checklist Build(Scheme scheme, int majors, int minors, int recommendations) => new(
        scheme,
        "test-1",
        "Test checklist",
        "Written for tests",
        [
            .. Enumerable.Range(1, majors).Select(i => new ControlPoint($"M{i}", "S", $"Major {i}", ControlPointLevel.Major)),
            .. Enumerable.Range(1, minors).Select(i => new ControlPoint($"m{i}", "S", $"Minor {i}", ControlPointLevel.Minor)),
            .. Enumerable.Range(1, recommendations).Select(i => new ControlPoint($"R{i}", "S", $"Recommendation {i}", ControlPointLevel.Recommendation)),
        ]);

    /// <summary>Every point compliant, except those named failing (false) or not applicable (null).</summary>
    private static List<InspectionAnswer> Answers(Checklist checklist, IEnumerable<string>? failing = null, IEnumerable<string>? notApplicable = null)
    {
        var failed = failing?.ToHashSet() ?? [];
        var na = notApplicable?.ToHashSet() ?? [];
        return checklist.ControlPoints
            .Select(p => new InspectionAnswer(p.Id, na.Contains(p.Id) ? null : !failed.Contains(p.Id), na.Contains(p.Id) ? "No greenhouse" : null))
            .ToList();
    }

    [Fact]
    public void Globalgap_passes_with_every_major_and_exactly_95_percent_of_minor_musts()
    {
        var outcome = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, failing: ["m1"]));
        outcome.Passed.Should().BeTrue();
        outcome.MinorCompliancePercent.Should().Be(95m);
        outcome.MajorCompliancePercent.Should().Be(100m);
        outcome.FailedControlPoints.Should().Equal("m1");
    }

    [Fact]
    public void Globalgap_fails_with_one_minor_must_fewer_than_95_percent()
    {
        var outcome = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, failing: ["m1", "m2"]));
        outcome.Passed.Should().BeFalse();
        outcome.MinorCompliancePercent.Should().Be(90m);
        outcome.FailedControlPoints.Should().Equal("m1", "m2");
    }

    [Fact]
    public void Globalgap_fails_with_one_failed_major_must_even_when_every_minor_is_met()
    {
        var outcome = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, failing: ["M3"]));
        outcome.Passed.Should().BeFalse();
        outcome.MajorCompliancePercent.Should().Be(80m);
        outcome.MinorCompliancePercent.Should().Be(100m);
    }

    [Fact]
    public void Not_applicable_points_are_left_out_of_the_percentages()
    {
        // 19 applicable minors with 1 failed: 18/19 = 94.73 % < 95 % — fails, although 19/20 would have passed.
        var failing = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, failing: ["m1"], notApplicable: ["m20"]));
        failing.Passed.Should().BeFalse();
        failing.ApplicableMinor.Should().Be(19);
        failing.MinorCompliancePercent.Should().Be(94.73m, "percentages are cut, never rounded up to a pass");

        var majorsNotApplicable = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, notApplicable: ["M1", "M2"]));
        majorsNotApplicable.Passed.Should().BeTrue();
        majorsNotApplicable.ApplicableMajor.Should().Be(3);
        majorsNotApplicable.MajorCompliancePercent.Should().Be(100m);
    }

    [Fact]
    public void Recommendations_never_decide_the_outcome()
    {
        var outcome = InspectionRules.Evaluate(Globalgap, Answers(Globalgap, failing: ["R1", "R2", "R3"]));
        outcome.Passed.Should().BeTrue();
        outcome.FailedControlPoints.Should().BeEmpty();
    }

    [Fact]
    public void Vietgap_passes_when_every_applicable_required_point_is_compliant_and_fails_with_one_that_is_not()
    {
        InspectionRules.Evaluate(Vietgap, Answers(Vietgap, failing: ["R1"], notApplicable: ["M6"])).Passed.Should().BeTrue();
        var failed = InspectionRules.Evaluate(Vietgap, Answers(Vietgap, failing: ["M2"]));
        failed.Passed.Should().BeFalse();
        failed.FailedControlPoints.Should().Equal("M2");
        failed.MinorCompliancePercent.Should().Be(100m, "no applicable minor point counts as 100 %");
    }

    [Fact]
    public void Answers_must_cover_every_point_once_and_name_only_known_points()
    {
        InspectionRules.Check(Globalgap, Answers(Globalgap)).Should().BeEmpty();

        var answers = Answers(Globalgap).Cast<InspectionAnswer?>().ToList();
        answers.RemoveAll(a => a!.ControlPointId is "M5" or "m7");
        answers.Add(new InspectionAnswer("X9", true, null));
        answers.Add(new InspectionAnswer("M1", false, null));
        answers.Add(new InspectionAnswer("m7", null, " "));
        var problems = InspectionRules.Check(Globalgap, answers);

        problems.Should().Contain(p => p.Field == $"results[{answers.Count - 3}].controlPointId" && p.Message.Contains("'X9'"));
        problems.Should().Contain(p => p.Field == $"results[{answers.Count - 2}].controlPointId" && p.Message.Contains("more than once"));
        problems.Should().Contain(p => p.Field == $"results[{answers.Count - 1}].note");
        problems.Should().Contain(p => p.Field == "results" && p.Message.Contains("M5") && !p.Message.Contains("m7"));
    }
}
