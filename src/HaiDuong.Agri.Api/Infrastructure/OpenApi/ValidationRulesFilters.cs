using System.Globalization;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Request bodies as their checks make them (<see cref="RequestRules"/>): required fields are listed and not nullable;
/// lengths, ranges, patterns, formats, allowed values and list sizes are the ones checked; what no keyword says (a date not
/// in the future) is in the property's description. Optional fields stay nullable: null is taken as absent.
/// </summary>
public sealed class ValidationRulesSchemaFilter(RequestRulesCatalogue requests) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null || requests.Rules.For(context.Type) is not { } properties)
        {
            return;
        }

        foreach (var (name, rule) in properties)
        {
            var isItem = name.EndsWith("[]", StringComparison.Ordinal);
            var propertyName = isItem ? name[..^2] : name;
            if (!target.Properties.TryGetValue(propertyName, out var property))
            {
                throw new InvalidOperationException($"The checks of {context.Type.Name} name '{propertyName}', which its schema does not have.");
            }

            if (isItem)
            {
                if (property is OpenApiSchema { Items: { } items })
                {
                    ApplyRule(rule, items);
                }

                continue;
            }

            if (rule.Required)
            {
                target.Required ??= new SortedSet<string>(StringComparer.Ordinal);
                target.Required.Add(propertyName);
            }

            ApplyRule(rule, property);
        }
    }

    /// <summary>Writes <paramref name="rule"/> on a property's (or query parameter's) schema; a reference (an enum, an object) takes no keywords beside it.</summary>
    public static void ApplyRule(FieldRule rule, IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema s)
        {
            return;
        }

        if (rule.Required && s.Type is { } type)
        {
            s.Type = type & ~JsonSchemaType.Null;
        }

        s.MinLength = rule.MinLength ?? s.MinLength;
        s.MaxLength = rule.MaxLength ?? s.MaxLength;
        if (rule.Minimum is { } minimum)
        {
            if (rule.ExclusiveMinimum)
            {
                s.ExclusiveMinimum = Number(minimum);
            }
            else
            {
                s.Minimum = Number(minimum);
            }
        }

        if (rule.Maximum is { } maximum)
        {
            s.Maximum = Number(maximum);
        }

        s.Pattern = rule.Pattern ?? s.Pattern;
        s.Format ??= rule.Format;
        if (rule.Allowed is { } allowed)
        {
            s.Enum = [.. allowed.Select(a => (JsonNode)JsonValue.Create(a))];
        }

        s.MinItems = rule.MinItems ?? s.MinItems;
        s.MaxItems = rule.MaxItems ?? s.MaxItems;
        if (rule.UniqueItems)
        {
            s.UniqueItems = true;
        }

        if (rule.Notes.Count > 0)
        {
            s.Description = string.Join(" ", s.Description is null ? rule.Notes : [s.Description, .. rule.Notes]);
        }
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The rules of the app's request bodies (<see cref="RequestRules"/>), learnt once, when the document is first written.</summary>
public sealed class RequestRulesCatalogue(IApiDescriptionGroupCollectionProvider apis)
{
    private readonly Lazy<RequestRules> rules = new(() => RequestRules.Of(BodyTypes(apis), typeof(RequestRulesCatalogue).Assembly));

    public RequestRules Rules => rules.Value;

    private static IEnumerable<Type> BodyTypes(IApiDescriptionGroupCollectionProvider apis) =>
        apis.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body && p.Type is not null)
            .Select(p => p.Type!)
            .Distinct();
}

/// <summary>Names the query whose checks hold for an endpoint's query parameters (its <c>Validate</c> runs on a probe to describe them).</summary>
public sealed record QueryRules(Type Query);

public static class QueryRulesConventions
{
    /// <summary>The endpoint's query parameters are checked by <typeparamref name="TQuery"/>: the document shows its rules on them.</summary>
    public static RouteHandlerBuilder WithQueryRules<TQuery>(this RouteHandlerBuilder builder)
        where TQuery : IValidated =>
        builder.WithMetadata(new QueryRules(typeof(TQuery)));
}

/// <summary>Query parameters as <see cref="QueryRules"/>' query checks them: required, bounds, formats.</summary>
public sealed class QueryRulesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<QueryRules>().FirstOrDefault() is not { } query)
        {
            return;
        }

        var rules = RequestRules.OfQuery(query.Query);
        foreach (var (name, rule) in rules)
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == name)
                ?? throw new InvalidOperationException($"{query.Query.Name} checks '{name}', which is not a query parameter of {context.ApiDescription.RelativePath}.");
            parameter.Required |= rule.Required;
            if (parameter.Schema is { } schema)
            {
                ValidationRulesSchemaFilter.ApplyRule(rule, schema);
            }
        }
    }
}
