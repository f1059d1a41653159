using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Answers as they are written: the API writes every property of a view, null ones included, so each is required (a
/// generated client need not guess whether it is there); nullable stays only where the C# type can hold null. A property
/// left out when null (<c>JsonIgnore(WhenWritingNull)</c>) is optional and never null.
/// </summary>
public sealed class ResponseSchemaFilter(RequestRulesCatalogue requests) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var type = context.Type;
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target || type.IsEnum
            || type.Namespace?.StartsWith("HaiDuong.Agri", StringComparison.Ordinal) != true || requests.Rules.Types.Contains(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = RequestRules.JsonName(property);
            if (!target.Properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            if (property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault)
            {
                if (propertySchema is OpenApiSchema { Type: { } kind } optional)
                {
                    optional.Type = kind & ~JsonSchemaType.Null;
                }

                continue;
            }

            target.Required ??= new SortedSet<string>(StringComparer.Ordinal);
            target.Required.Add(name);
        }
    }
}
