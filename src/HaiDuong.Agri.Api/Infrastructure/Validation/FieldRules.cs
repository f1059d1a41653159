namespace HaiDuong.Agri.Api.Infrastructure.Validation;

/// <summary>
/// What the checks of a <see cref="Validator"/> that describes (<see cref="Validator.Describing"/>) said they check, per
/// field as clients name it (<c>title</c>, <c>steps[0].kind</c>, <c>imageUrls[0]</c>).
/// </summary>
public sealed class FieldRules
{
    private readonly Dictionary<string, FieldRule> byField = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FieldRule> ByField => byField;

    public FieldRule At(string field)
    {
        if (!byField.TryGetValue(field, out var rule))
        {
            byField[field] = rule = new FieldRule();
        }

        return rule;
    }
}

/// <summary>One field's rules, in the terms of JSON Schema.</summary>
public sealed class FieldRule
{
    /// <summary>Refused when absent or null, whatever the other fields say.</summary>
    public bool Required { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public decimal? Minimum { get; set; }

    /// <summary><see cref="Minimum"/> itself is refused.</summary>
    public bool ExclusiveMinimum { get; set; }

    public decimal? Maximum { get; set; }

    /// <summary>An ECMA-262 regular expression the text matches.</summary>
    public string? Pattern { get; set; }

    /// <summary>A JSON Schema format (<c>date</c>, <c>uri</c>) of text that is parsed as one.</summary>
    public string? Format { get; set; }

    public IReadOnlyList<string>? Allowed { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    /// <summary>What no schema keyword says (a date not in the future); sentences.</summary>
    public List<string> Notes { get; } = [];

    public FieldRule Require(bool required)
    {
        Required |= required;
        return this;
    }

    public FieldRule Note(string note)
    {
        if (!Notes.Contains(note, StringComparer.Ordinal))
        {
            Notes.Add(note);
        }

        return this;
    }

    /// <summary>
    /// Adds what <paramref name="other"/> allows, keeping the looser bound where both have one: the rules of one field seen
    /// under several values of another (a bulk step's fields by its <c>type</c>). Whether it is required is not merged.
    /// </summary>
    public void Widen(FieldRule other)
    {
        ExclusiveMinimum = (Minimum, other.Minimum) switch
        {
            (null, _) => other.ExclusiveMinimum,
            (_, null) => ExclusiveMinimum,
            var (a, b) when a == b => ExclusiveMinimum && other.ExclusiveMinimum,
            var (a, b) => a < b ? ExclusiveMinimum : other.ExclusiveMinimum,
        };
        MinLength = Loosest(MinLength, other.MinLength, Math.Min);
        MaxLength = Loosest(MaxLength, other.MaxLength, Math.Max);
        Minimum = Loosest(Minimum, other.Minimum, Math.Min);
        Maximum = Loosest(Maximum, other.Maximum, Math.Max);
        MinItems = Loosest(MinItems, other.MinItems, Math.Min);
        MaxItems = Loosest(MaxItems, other.MaxItems, Math.Max);
        UniqueItems = UniqueItems || other.UniqueItems;
        Pattern ??= other.Pattern;
        Format ??= other.Format;
        Allowed = Allowed is null ? other.Allowed : other.Allowed is null ? Allowed : [.. Allowed.Union(other.Allowed, StringComparer.Ordinal)];
        foreach (var note in other.Notes)
        {
            Note(note);
        }
    }

    private static T? Loosest<T>(T? mine, T? theirs, Func<T, T, T> pick)
        where T : struct =>
        mine is { } a && theirs is { } b ? pick(a, b) : mine ?? theirs;
}
