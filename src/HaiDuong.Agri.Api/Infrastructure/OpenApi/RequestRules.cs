using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HaiDuong.Agri.Api.Infrastructure.Validation;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// The rules of every request body, per type and JSON property, as the requests' own checks state them: nothing here is
/// written twice. Each body type that checks itself (<see cref="IValidated"/>), or the command that carries it and checks it,
/// runs its <c>Validate</c> method with a describing <see cref="Validator"/> on probes built from the type:
/// <list type="number">
/// <item>every field absent, then every list holding one blank item (so the checks of items run too): what these ask
/// for in any case is required; the bounds, formats and allowed values they check are recorded;</item>
/// <item>for each text field limited to some values (a bulk step's <c>type</c>), once per value, so the checks that only
/// run for that value (an input's <c>kind</c> and <c>unit</c>) are seen: their bounds are added, the loosest kept where
/// two values bound one field differently, and what they require is not required of the field in general.</item>
/// </list>
/// A check naming a field the type does not have stops the document from being written: field names in 400 problems and
/// in the document are the same names.
/// </summary>
public sealed partial class RequestRules
{
    private readonly Dictionary<Type, Dictionary<string, FieldRule>> byType = [];

    private RequestRules()
    {
    }

    /// <summary>Request types whose fields have rules: the body types and the types nested in them.</summary>
    public IReadOnlyCollection<Type> Types => byType.Keys;

    /// <summary>The rules of <paramref name="type"/>'s properties by JSON name; a list's items under <c>name[]</c>.</summary>
    public IReadOnlyDictionary<string, FieldRule>? For(Type type) => byType.GetValueOrDefault(type);

    /// <summary>The rules of the request bodies <paramref name="bodies"/>, from the checks in <paramref name="assembly"/>.</summary>
    public static RequestRules Of(IEnumerable<Type> bodies, Assembly assembly)
    {
        var validators = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IValidated).IsAssignableFrom(t)).ToList();
        var result = new RequestRules();
        var roots = bodies.SelectMany(b => Tree(b, assembly)).Distinct().ToList();
        foreach (var root in roots)
        {
            result.byType.TryAdd(root, []);
            var checks = Checks(root, validators);
            if (checks.Count == 0)
            {
                continue;
            }

            var rules = Describe(root, checks, withItems: false, overrides: null);
            Describe(root, checks, withItems: true, overrides: null, rules);
            foreach (var (field, rule) in rules.ByField.ToList())
            {
                if (rule.Allowed is not { } values || Property(root, field)?.PropertyType != typeof(string))
                {
                    continue;
                }

                foreach (var value in values)
                {
                    var seen = Describe(root, checks, withItems: true, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = value });
                    foreach (var (other, otherRule) in seen.ByField)
                    {
                        rules.At(other).Widen(otherRule);
                    }
                }
            }

            foreach (var (field, rule) in rules.ByField)
            {
                var (type, name) = Place(root, field);
                if (!result.byType.TryGetValue(type, out var properties))
                {
                    result.byType[type] = properties = new Dictionary<string, FieldRule>(StringComparer.Ordinal);
                }

                if (properties.TryGetValue(name, out var known))
                {
                    known.Require(rule.Required);
                    known.Widen(rule);
                }
                else
                {
                    properties[name] = rule;
                }
            }
        }

        return result;
    }

    /// <summary>The rules of a query's parameters: its checks run on the query with every parameter absent.</summary>
    public static IReadOnlyDictionary<string, FieldRule> OfQuery(Type query)
    {
        var constructor = Constructor(query);
        var rules = Describe(query, [_ => (IValidated)constructor.Invoke([.. constructor.GetParameters().Select(p => Blank(p.ParameterType))])], false, null);
        return rules.ByField;
    }

    /// <summary>The JSON name clients use for a property (the API's camelCase, or its <see cref="JsonPropertyNameAttribute"/>).</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The type and the checks that check it: itself, or the commands that carry it (the command sees only the probe).</summary>
    private static List<Func<object, IValidated>> Checks(Type body, List<Type> validators)
    {
        if (typeof(IValidated).IsAssignableFrom(body))
        {
            return [b => (IValidated)b];
        }

        var checks = new List<Func<object, IValidated>>();
        foreach (var command in validators)
        {
            var constructor = Constructor(command);
            var slot = Array.FindIndex(constructor.GetParameters(), p => p.ParameterType != typeof(object) && p.ParameterType.IsAssignableFrom(body));
            if (slot >= 0)
            {
                checks.Add(b =>
                {
                    var arguments = constructor.GetParameters().Select(p => Blank(p.ParameterType)).ToArray();
                    arguments[slot] = b;
                    return (IValidated)constructor.Invoke(arguments);
                });
            }
        }

        return checks;
    }

    private static FieldRules Describe(
        Type root, List<Func<object, IValidated>> checks, bool withItems, IReadOnlyDictionary<string, string>? overrides, FieldRules? into = null)
    {
        var rules = into ?? new FieldRules();
        var probe = Build(root, "", withItems, overrides);
        foreach (var check in checks)
        {
            try
            {
                check(probe).Validate(Validator.Describing(rules));
            }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or TargetInvocationException)
            {
                throw new InvalidOperationException(
                    $"The checks of {root.Name} failed on a request with every field absent{(withItems ? " but one blank item per list" : "")}; "
                    + "a client sending that would get a 500, not a 400.", e);
            }
        }

        return rules;
    }

    /// <summary>A probe: <paramref name="type"/> with every field absent (or as <paramref name="overrides"/> says), lists holding one blank item when <paramref name="withItems"/>.</summary>
    private static object Build(Type type, string path, bool withItems, IReadOnlyDictionary<string, string>? overrides)
    {
        var constructor = Constructor(type);
        var arguments = constructor.GetParameters().Select(parameter =>
        {
            var property = type.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var field = Join(path, property is null ? JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!) : JsonName(property));
            if (overrides?.GetValueOrDefault(field) is { } value)
            {
                return value;
            }

            if (withItems && Element(parameter.ParameterType) is { } element)
            {
                var items = Array.CreateInstance(element, 1);
                items.SetValue(IsRequestRecord(element) ? Build(element, field + "[0]", withItems, overrides) : Blank(element), 0);
                return items;
            }

            return withItems && IsRequestRecord(parameter.ParameterType) ? Build(parameter.ParameterType, field, withItems, overrides) : Blank(parameter.ParameterType);
        }).ToArray();
        return constructor.Invoke(arguments);
    }

    /// <summary>The property a field path names, or null.</summary>
    private static PropertyInfo? Property(Type root, string field)
    {
        var type = root;
        PropertyInfo? property = null;
        foreach (Match segment in Segment().Matches(field))
        {
            property = type.GetProperties().FirstOrDefault(p => JsonName(p) == segment.Groups["name"].Value);
            if (property is null)
            {
                return null;
            }

            type = segment.Groups["item"].Success ? Element(property.PropertyType) ?? property.PropertyType : property.PropertyType;
        }

        return property;
    }

    /// <summary>Which type's property a field path names: <c>steps[0].kind</c> is <c>kind</c> of the step type, <c>imageUrls[0]</c> is <c>imageUrls[]</c> of the root.</summary>
    private static (Type Type, string Name) Place(Type root, string field)
    {
        var type = root;
        var segments = Segment().Matches(field);
        if (segments.Sum(s => s.Length) + segments.Count - 1 != field.Length || segments.Count == 0)
        {
            throw new InvalidOperationException($"The checks of {root.Name} name a field '{field}' that is not a path of JSON properties.");
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var name = segments[i].Groups["name"].Value;
            var item = segments[i].Groups["item"].Success;
            var property = type.GetProperties().FirstOrDefault(p => JsonName(p) == name)
                ?? throw new InvalidOperationException($"The checks of {root.Name} name a field '{field}', but {type.Name} has no property '{name}'.");
            if (i == segments.Count - 1)
            {
                return (type, item ? name + "[]" : name);
            }

            type = item ? Element(property.PropertyType) ?? property.PropertyType : property.PropertyType;
            type = Nullable.GetUnderlyingType(type) ?? type;
        }

        throw new InvalidOperationException("Unreachable");
    }

    /// <summary>The body type and the request types nested in it (list items, objects).</summary>
    private static IEnumerable<Type> Tree(Type body, Assembly assembly)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([body]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            yield return type;
            foreach (var property in type.GetProperties())
            {
                var nested = Element(property.PropertyType) ?? property.PropertyType;
                if (nested.Assembly == assembly && IsRequestRecord(nested))
                {
                    pending.Push(nested);
                }
            }
        }
    }

    private static ConstructorInfo Constructor(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
        ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a probe with.");

    private static bool IsRequestRecord(Type type) => type is { IsClass: true, IsAbstract: false } && type != typeof(string) && Element(type) is null;

    /// <summary>The item type of a list or array (a string is not a list of characters here); null for anything else.</summary>
    private static Type? Element(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static object? Blank(Type type) =>
        type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<item>\[0\])?")]
    private static partial Regex Segment();
}
