using HaiDuong.Agri.Domain.Certification;

namespace HaiDuong.Agri.Api.Certification;

public sealed record ChecklistView(
    Scheme Scheme,
    string Version,
    string Title,
    string Source,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<ControlPoint> ControlPoints)
{
    public static ChecklistView Of(Checklist checklist) => new(
        checklist.Scheme,
        checklist.Version,
        checklist.Title,
        checklist.Source,
        Enum.GetValues<ControlPointLevel>().ToDictionary(
            level => level.ToString().ToLowerInvariant(), level => checklist.ControlPoints.Count(p => p.Level == level)),
        checklist.ControlPoints);
}
