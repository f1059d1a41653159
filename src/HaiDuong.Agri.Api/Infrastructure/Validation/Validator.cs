using System.Globalization;
using System.Text;
using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Infrastructure.Validation;

/// <summary>A request that checks its own fields before its handler runs.</summary>
public interface IValidated
{
    void Validate(Validator v);
}

/// <summary>
/// Collects field errors (named as the client sent them, e.g. <c>steps[2].plantedOn</c>) and knows the time,
/// so "more than one day in the future" can be checked. Text rules: NFC, trimmed, no control characters, bounded length.
/// </summary>
public sealed class Validator(Instant now, string prefix = "")
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public Instant Now { get; } = now;

    public bool IsValid => errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Validator For(string nestedPrefix) => new(Now, Name(nestedPrefix));

    public void Merge(Validator nested)
    {
        foreach (var (field, messages) in nested.errors)
        {
            foreach (var message in messages)
            {
                AddFull(field, message);
            }
        }
    }

    public void Fail(string field, string message) => AddFull(Name(field), message);

    public void Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Fail(field, "This field is required.");
        }
    }

    public void Required(string field, object? value)
    {
        if (value is null)
        {
            Fail(field, "This field is required.");
        }
    }

    /// <summary>Checks a text field: required or optional, at most <paramref name="maxLength"/> characters after NFC and trimming.</summary>
    public void Text(string field, string? value, bool required, int maxLength, bool multiline = false)
    {
        var text = Clean(value);
        if (text is null)
        {
            if (required)
            {
                Fail(field, value is null ? "This field is required." : "This field must not be empty.");
            }

            return;
        }

        if (text.Length > maxLength)
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"At most {maxLength} characters."));
        }

        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Fail(field, "Control characters are not allowed.");
        }
    }

    /// <summary>Province and commune codes: strings of digits, stored as given. An optional one left empty (<c>?communeCode=</c>) is absent.</summary>
    public void Digits(string field, string? value, bool required, int maxLength = 10)
    {
        if (value is null || (value.Length == 0 && !required))
        {
            if (required)
            {
                Fail(field, "This field is required.");
            }

            return;
        }

        if (value.Length is 0 || value.Length > maxLength || !value.All(char.IsAsciiDigit))
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be 1 to {maxLength} digits, such as \"30\" or \"10507\"."));
        }
    }

    public void Phone(string field, string? value, bool required)
    {
        Text(field, value, required, 20);
        var digits = value?.Count(char.IsAsciiDigit) ?? 0;
        if (Clean(value) is { } phone && (digits is < 8 or > 15 || phone.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '.' or '-'))))
        {
            Fail(field, "Must be a phone number of 8 to 15 digits, such as \"0912345678\" or \"+84912345678\".");
        }
    }

    public void Positive(string field, decimal? value, decimal max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "This field is required.");
            }

            return;
        }

        if (value <= 0 || value > max)
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be greater than 0 and at most {max}."));
        }
    }

    public void Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}."));
        }
    }

    public void Range(string field, int? value, int min, int max, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "This field is required.");
            }

            return;
        }

        if (value < min || value > max)
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}."));
        }
    }

    /// <summary>A calendar date of something done in the field: not more than one day in the future (Việt Nam time).</summary>
    public void FieldDate(string field, LocalDate? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "This field is required.");
            }

            return;
        }

        if (value > FieldTime.Today(Now).PlusDays(1))
        {
            Fail(field, "Must not be more than one day in the future.");
        }
        else if (value.Value.Year < 1900)
        {
            Fail(field, "Must be a date after 1900.");
        }
    }

    /// <summary>
    /// A calendar date sent as text (a query parameter), written <c>yyyy-MM-dd</c> between the years 1900 and 9000; null when
    /// absent or not one (the field is named in the errors unless it is optional and absent).
    /// </summary>
    public LocalDate? Date(string field, string? text, bool required)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Fail(field, "This field is required (a date written yyyy-MM-dd).");
            }

            return null;
        }

        var date = ParseDate(text);
        if (date is null)
        {
            Fail(field, "Expected a calendar date written yyyy-MM-dd (between the years 1900 and 9000), such as \"2026-06-01\".");
        }

        return date;
    }

    /// <summary>One of an enum's values, written as the API writes it (kebab-case: <c>account-linked</c>); null when absent or not one.</summary>
    public T? Choice<T>(string field, string? text)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var value = ParseChoice<T>(text);
        if (value is null)
        {
            Fail(field, $"Must be one of: {string.Join(", ", Enum.GetValues<T>().Select(ChoiceName))}.");
        }

        return value;
    }

    /// <summary>The date a valid <see cref="Date"/> field holds (null when absent or invalid).</summary>
    public static LocalDate? ParseDate(string? text) =>
        !string.IsNullOrEmpty(text) && LocalDatePattern.Iso.Parse(text) is { Success: true } parsed && parsed.Value.Year is >= 1900 and <= 9000
            ? parsed.Value
            : null;

    /// <summary>The value a valid <see cref="Choice{T}"/> field holds (null when absent or invalid).</summary>
    public static T? ParseChoice<T>(string? text)
        where T : struct, Enum =>
        string.IsNullOrEmpty(text) ? null : Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => string.Equals(ChoiceName(v!.Value), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>An enum value as the API writes it: kebab-case (<c>AccountLinked</c> is <c>account-linked</c>).</summary>
    public static string ChoiceName<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>A range of calendar dates given as <c>from</c> and <c>to</c> (both optional, both included): <c>from</c> not after <c>to</c>.</summary>
    public (LocalDate? From, LocalDate? To) DateRange(string? from, string? to, string fromField = "from", string toField = "to")
    {
        var first = Date(fromField, from, required: false);
        var last = Date(toField, to, required: false);
        if (first is { } f && last is { } l && f > l)
        {
            Fail(fromField, $"Must be on or before {toField} ({LocalDatePattern.Iso.Format(l)}).");
        }

        return (first, last);
    }

    /// <summary>A moment something happened in the field: not more than one day in the future.</summary>
    public void FieldMoment(string field, Instant? value, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "This field is required.");
            }

            return;
        }

        if (value > Now.Plus(Duration.FromDays(1)))
        {
            Fail(field, "Must not be more than one day in the future.");
        }
        else if (FieldTime.DateOf(value.Value).Year < 1900)
        {
            Fail(field, "Must be a moment after 1900.");
        }
    }

    /// <summary>Text as stored: trimmed, NFC-normalised; empty becomes null.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        try
        {
            return trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate) cannot be normalised; the length/control checks see it as given.
            return trimmed;
        }
    }

    private string Name(string field) => prefix.Length == 0 ? field : field.StartsWith('[') ? prefix + field : $"{prefix}.{field}";

    private void AddFull(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }
}
