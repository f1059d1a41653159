using NodaTime;

namespace HaiDuong.Agri.Domain.Certification;

/// <summary>The pass rules, as pure functions of a checklist and the answers.</summary>
public static class InspectionRules
{
    public const int GlobalgapMinorPassPercent = 95;

    /// <summary>
    /// What is wrong with a set of answers, as (field, message): unknown or repeated control points, points left
    /// unanswered, "not applicable" without a note. Empty when the answers can be evaluated.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(Checklist checklist, IReadOnlyList<InspectionAnswer?> answers)
    {
        var problems = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (answer?.ControlPointId is not { } id)
            {
                problems.Add(($"results[{i}].controlPointId", "This field is required."));
            }
            else if (checklist.Find(id) is null)
            {
                problems.Add(($"results[{i}].controlPointId", $"'{id}' is not a control point of the {checklist.Version} checklist."));
            }
            else if (!seen.Add(id))
            {
                problems.Add(($"results[{i}].controlPointId", $"'{id}' is answered more than once."));
            }
            else if (answer.Compliant is null && string.IsNullOrWhiteSpace(answer.Note))
            {
                problems.Add(($"results[{i}].note", "A control point marked not applicable (compliant: null) needs a note saying why."));
            }
        }

        var unanswered = checklist.ControlPoints.Where(p => !seen.Contains(p.Id)).Select(p => p.Id).ToList();
        if (unanswered.Count > 0)
        {
            problems.Add(("results", $"Every control point must be answered; missing: {string.Join(", ", unanswered)}."));
        }

        return problems;
    }

    /// <summary>
    /// GLOBALG.A.P. passes with every applicable major must and at least 95 % of applicable minor musts compliant;
    /// VietGAP passes when every applicable required (major) point is compliant. Not-applicable points and
    /// recommendations count for neither. No applicable point of a level counts as 100 %.
    /// </summary>
    public static InspectionOutcome Evaluate(Checklist checklist, IReadOnlyList<InspectionAnswer> answers)
    {
        var applicable = answers
            .Select(a => (Point: checklist.Find(a.ControlPointId)!, a.Compliant))
            .Where(a => a.Compliant is not null)
            .ToList();
        var majors = applicable.Where(a => a.Point.Level == ControlPointLevel.Major).ToList();
        var minors = applicable.Where(a => a.Point.Level == ControlPointLevel.Minor).ToList();
        var compliantMajor = majors.Count(a => a.Compliant == true);
        var compliantMinor = minors.Count(a => a.Compliant == true);
        var majorsPass = compliantMajor == majors.Count;
        var minorsPass = checklist.Scheme != Scheme.Globalgap
            || compliantMinor * 100 >= GlobalgapMinorPassPercent * minors.Count;
        var failed = applicable
            .Where(a => a.Compliant == false && a.Point.Level != ControlPointLevel.Recommendation)
            .Select(a => a.Point.Id)
            .ToList();
        return new InspectionOutcome(
            majorsPass && minorsPass,
            Percent(compliantMajor, majors.Count),
            Percent(compliantMinor, minors.Count),
            majors.Count,
            compliantMajor,
            minors.Count,
            compliantMinor,
            failed);
    }

    private static decimal Percent(int compliant, int applicable) =>
        applicable == 0 ? 100m : decimal.Truncate(compliant * 10000m / applicable) / 100m;
}

public static class InspectionDecisions
{
    /// <summary>Records an inspection with its outcome computed from the answers (never taken from the client).</summary>
    public static InspectionRecorded Record(RecordInspection c, Checklist checklist, Instant now) =>
        new(c.InspectionId, c.CertificationBodyId, c.Scheme, checklist.Version, c.GrowingAreaIds, c.InspectedOn, c.Results,
            InspectionRules.Evaluate(checklist, c.Results), c.RecordedBy, now);
}
