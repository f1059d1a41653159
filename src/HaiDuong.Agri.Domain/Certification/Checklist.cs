using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaiDuong.Agri.Domain.Certification;

public enum Scheme
{
    Vietgap,
    Globalgap,
}

public enum ControlPointLevel
{
    Major,
    Minor,
    Recommendation,
}

public sealed record ControlPoint(string Id, string Section, string Text, ControlPointLevel Level);

/// <summary>A scheme's checklist as data: which control points an inspection answers, and how much each weighs.</summary>
public sealed record Checklist(Scheme Scheme, string Version, string Title, string Source, IReadOnlyList<ControlPoint> ControlPoints)
{
    private FrozenDictionary<string, ControlPoint>? byId;

    public ControlPoint? Find(string id) =>
        (byId ??= ControlPoints.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal)).GetValueOrDefault(id);
}

/// <summary>The checklists shipped with the system (embedded JSON, one file per scheme; the version travels with each inspection).</summary>
public static class Checklists
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static readonly Lazy<FrozenDictionary<Scheme, Checklist>> All = new(Load);

    public static Checklist For(Scheme scheme) => All.Value[scheme];

    private static FrozenDictionary<Scheme, Checklist> Load() =>
        Enum.GetValues<Scheme>().ToFrozenDictionary(scheme => scheme, scheme =>
        {
            var name = $"HaiDuong.Agri.Domain.Certification.Checklists.{scheme.ToString().ToLowerInvariant()}.json";
            using var stream = typeof(Checklists).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The checklist resource {name} is missing.");
            var checklist = JsonSerializer.Deserialize<Checklist>(stream, Json)
                ?? throw new InvalidOperationException($"The checklist resource {name} is empty.");
            return checklist.Scheme == scheme
                ? checklist
                : throw new InvalidOperationException($"The checklist resource {name} is for {checklist.Scheme}.");
        });
}
