using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Gs1;
using NodaTime;
using NodaTime.Text;
using Gs1Gtin = HaiDuong.Agri.Domain.Gs1.Gtin;

namespace HaiDuong.Agri.Api.Infrastructure.Validation;

/// <summary>A request that checks its own fields before its handler runs.</summary>
public interface IValidated
{
    void Validate(Validator v);
}

/// <summary>
/// Collects field errors (named as the client sent them, e.g. <c>steps[2].plantedOn</c>) and knows the time,
/// so "more than one day in the future" can be checked. Text rules: NFC, trimmed, no control characters, bounded length.
/// Each check also says what it checks (required, bounds, allowed values, format) to <see cref="FieldRules"/> when the
/// validator describes (<see cref="Describing"/>): the OpenAPI document learns the rules from the checks themselves.
/// </summary>
public sealed class Validator(Instant now, string prefix = "", FieldRules? rules = null)
{
    /// <summary>Text on one line: no control characters (checked after trimming).</summary>
    public const string TextPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";

    /// <summary>Text that may span lines: tabs and line breaks are the only control characters allowed.</summary>
    public const string MultilineTextPattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

    private const string RequiredMessage = "This field is required.";

    /// <summary>GS1's character set 82 as a pattern (the characters <see cref="DigitalLink.Set82"/> lists).</summary>
    private static readonly string Set82Pattern = "^[" + string.Concat(DigitalLink.Set82.Select(c => c is '-' or '\\' or ']' or '^' ? "\\" + c : c.ToString())) + "]*$";

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    /// <summary>
    /// A validator that records what each check checks into <paramref name="rules"/> (its errors mean nothing): run on a
    /// request whose fields are absent, it describes the request's rules.
    /// </summary>
    public static Validator Describing(FieldRules rules) => new(default, "", rules);

    public Instant Now { get; } = now;

    public bool IsValid => errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Validator For(string nestedPrefix) => new(Now, Name(nestedPrefix), rules);

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

    public void Required<T>(string field, T? value, string? message = null)
        where T : struct
    {
        Rule(field)?.Require(true);
        if (value is null)
        {
            Fail(field, message ?? RequiredMessage);
        }
    }

    public void Required(string field, object? value, string? message = null)
    {
        Rule(field)?.Require(true);
        if (value is null)
        {
            Fail(field, message ?? RequiredMessage);
        }
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (exactly, case and all); returns whether it is.</summary>
    public bool OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required).Allowed = allowed;
        }

        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
            }

            return false;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Fail(field, $"Must be one of: {string.Join(", ", allowed)}.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// A list: present when <paramref name="required"/> (else <paramref name="missingMessage"/>), with
    /// <paramref name="minItems"/> to <paramref name="maxItems"/> items (else <paramref name="countMessage"/>). Returns
    /// whether its items are there to be checked one by one.
    /// </summary>
    public bool Items<T>(
        string field, [NotNullWhen(true)] IReadOnlyList<T>? items, bool required, int minItems, int maxItems, string countMessage, string? missingMessage = null)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.MinItems = minItems > 0 ? minItems : null;
            rule.MaxItems = maxItems < int.MaxValue ? maxItems : null;
        }

        if (items is null)
        {
            if (required)
            {
                Fail(field, missingMessage ?? RequiredMessage);
            }

            return false;
        }

        if (items.Count < minItems || items.Count > maxItems)
        {
            Fail(field, countMessage);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Each item of a list once (null items are not compared): a repeat fails the list, or with
    /// <paramref name="atEachRepeat"/> each repeating item (<c>field[i]</c>).
    /// </summary>
    public void Unique<T>(string field, IReadOnlyList<T>? items, string message, bool atEachRepeat = false)
    {
        Rule(field)?.UniqueItems = true;
        if (items is null)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not null && items.Take(i).Contains(items[i]))
            {
                Fail(atEachRepeat ? string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]") : field, message);
                if (!atEachRepeat)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Checks a text field: required or optional, at most <paramref name="maxLength"/> characters after NFC and trimming.</summary>
    public void Text(string field, string? value, bool required, int maxLength, bool multiline = false)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.MinLength = required ? 1 : null;
            rule.MaxLength = maxLength;
            rule.Pattern = multiline ? MultilineTextPattern : TextPattern;
        }

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
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.MinLength = 1;
            rule.MaxLength = maxLength;
            rule.Pattern = string.Create(CultureInfo.InvariantCulture, $"^[0-9]{{1,{maxLength}}}$");
        }

        if (value is null || (value.Length == 0 && !required))
        {
            if (required)
            {
                Fail(field, RequiredMessage);
            }

            return;
        }

        if (value.Length is 0 || value.Length > maxLength || !value.All(char.IsAsciiDigit))
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be 1 to {maxLength} digits, such as \"30\" or \"10507\"."));
        }
    }

    /// <summary>8 to 15 digits, with '+', spaces, dots and dashes between them (after trimming).</summary>
    public const string PhonePattern = "^[+ .-]*(?:[0-9][+ .-]*){8,15}$";

    public void Phone(string field, string? value, bool required)
    {
        Text(field, value, required, 20);
        Rule(field)?.Pattern = PhonePattern;
        var digits = value?.Count(char.IsAsciiDigit) ?? 0;
        if (Clean(value) is { } phone && (digits is < 8 or > 15 || phone.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '.' or '-'))))
        {
            Fail(field, "Must be a phone number of 8 to 15 digits, such as \"0912345678\" or \"+84912345678\".");
        }
    }

    public void Positive(string field, decimal? value, decimal max, bool required = true)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.Minimum = 0;
            rule.ExclusiveMinimum = true;
            rule.Maximum = max;
        }

        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
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
        if (Rule(field) is { } rule)
        {
            rule.Minimum = (decimal)min;
            rule.Maximum = (decimal)max;
        }

        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}."));
        }
    }

    public void Range(string field, int? value, int min, int max, bool required) =>
        Range(field, (long?)value, min, max, required);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="message"/> says so when it is not.</summary>
    public void Range(string field, long? value, long min, long max, bool required, string? message = null)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.Minimum = min;
            rule.Maximum = max;
        }

        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
            }

            return;
        }

        if (value < min || value > max)
        {
            Fail(field, message ?? string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}."));
        }
    }

    /// <summary>An absolute http(s) URL of at most <paramref name="maxLength"/> characters; <paramref name="message"/> when it is not.</summary>
    public void Url(string field, string? value, int maxLength, string message)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(true);
            rule.MaxLength = maxLength;
            rule.Format = "uri";
            rule.Note("An absolute http or https URL.");
        }

        if (value is not { } url || url.Length > maxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            Fail(field, message);
        }
    }

    /// <summary>A code of 1 to <paramref name="maxLength"/> visible ASCII characters (no spaces); <paramref name="message"/> when it is not.</summary>
    public void Code(string field, string? value, bool required, int maxLength, string message)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.MinLength = 1;
            rule.MaxLength = maxLength;
            rule.Pattern = "^[!-~]*$";
        }

        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
            }

            return;
        }

        if (value.Length == 0 || value.Length > maxLength || value.Any(c => c is < '!' or > '~'))
        {
            Fail(field, message);
        }
    }

    /// <summary>A GTIN (8, 12, 13 or 14 digits with a valid check digit); returns it as GTIN-14, or null with the reason as the error.</summary>
    public string? Gtin(string field, string? value)
    {
        Rule(field)?.Require(true).Pattern = Gs1Gtin.Pattern;
        Rule(field)?.Note("GTIN-8, -12, -13 or -14 with a valid mod-10 check digit.");
        var gtin14 = Gs1Gtin.ToGtin14(value, out var error);
        if (gtin14 is null)
        {
            Fail(field, error!);
        }

        return gtin14;
    }

    /// <summary>A value of GS1 application identifier 10 or 21 (a lot code, a serial): 1 to 20 characters of GS1's set 82.</summary>
    public void Gs1Value(string field, string? value, bool required, string message)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.MinLength = 1;
            rule.MaxLength = DigitalLink.MaxAiLength;
            rule.Pattern = Set82Pattern;
        }

        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
            }

            return;
        }

        if (!DigitalLink.IsAiValue(value))
        {
            Fail(field, message);
        }
    }

    /// <summary>
    /// A calendar date sent as text (a query parameter): yyyy-MM-dd between the years 1900 and 9000. Returns it, or null
    /// when it is absent or wrong (the error says which; <paramref name="requiredMessage"/> when it is absent).
    /// </summary>
    public LocalDate? IsoDate(string field, string? text, bool required, string requiredMessage)
    {
        if (Rule(field) is { } rule)
        {
            rule.Require(required);
            rule.Format = "date";
        }

        if (text is null)
        {
            if (required)
            {
                Fail(field, requiredMessage);
            }

            return null;
        }

        var date = LocalDatePattern.Iso.Parse(text) is { Success: true } parsed ? parsed.Value : (LocalDate?)null;
        if (date is { Year: < 1900 or > 9000 })
        {
            Fail(field, "Must be a date between the years 1900 and 9000.");
            return null;
        }

        if (date is null)
        {
            Fail(field, "Expected a calendar date written yyyy-MM-dd, such as \"2026-06-01\".");
        }

        return date;
    }

    /// <summary>A calendar date of something done in the field: not more than one day in the future (Việt Nam time).</summary>
    public void FieldDate(string field, LocalDate? value, bool required = true)
    {
        Rule(field)?.Require(required).Note("Not more than one day in the future (Việt Nam time), and after 1900.");
        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
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
        Rule(field)?.Require(required).Note("Not more than one day in the future, and after 1900.");
        if (value is null)
        {
            if (required)
            {
                Fail(field, RequiredMessage);
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

    /// <summary>Where a check says what it checks; null unless the validator describes.</summary>
    private FieldRule? Rule(string field) => rules?.At(Name(field));

    private void AddFull(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        // Two checks that find the same thing (a request's own and a domain rule's) say it once.
        if (!list.Contains(message, StringComparer.Ordinal))
        {
            list.Add(message);
        }
    }
}
