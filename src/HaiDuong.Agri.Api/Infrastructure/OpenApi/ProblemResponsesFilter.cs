using System.Globalization;
using System.Text.Json.Nodes;
using HaiDuong.Agri.Api.Infrastructure.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Every problem answer as it is written (<see cref="ProblemWriter"/>): the <c>Problem</c> schema, with the problem types
/// that status can carry on this route (<see cref="ProblemTypes"/>, declared with the endpoint) as the enum of its
/// <c>type</c> and in the response's description. A problem status declared without its types stops the document from
/// being written.
/// </summary>
public sealed class ProblemResponsesFilter : IOperationFilter
{
    public const string SchemaName = "Problem";
    public const string MediaType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var declared = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ProblemTypes>()
            .GroupBy(p => p.StatusCode)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Codes).Distinct(StringComparer.Ordinal).ToList());
        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse { Content: { } content } writable || !content.ContainsKey(MediaType))
            {
                continue;
            }

            var status = int.Parse(key, CultureInfo.InvariantCulture);
            if (declared.GetValueOrDefault(status) is not { Count: > 0 } codes)
            {
                throw new InvalidOperationException(
                    $"{context.ApiDescription.HttpMethod} {context.ApiDescription.RelativePath} answers {status} problems but declares no problem types for them.");
            }

            if (!context.SchemaRepository.Schemas.ContainsKey(SchemaName))
            {
                context.SchemaRepository.AddDefinition(SchemaName, Schema());
            }

            content[MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    AllOf =
                    [
                        new OpenApiSchemaReference(SchemaName, context.Document),
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                            {
                                ["type"] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String,
                                    Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(Problems.Type(c)))],
                                },
                            },
                        },
                    ],
                },
            };
            writable.Description = $"{ReasonPhrases.GetReasonPhrase(status)}: {string.Join(", ", codes)}";
        }
    }

    /// <summary>An RFC 9457 problem as <see cref="ProblemWriter"/> writes it.</summary>
    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. type is stable (urn:haiduong-agri:problem:<code>): clients switch on it; a refusal by a domain "
            + "rule may add members of its own (e.g. firstAllowedHarvestOn), a version mismatch currentVersion, a body too large limitBytes.",
        Required = new SortedSet<string>(StringComparer.Ordinal) { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's path." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "What is wrong with each field, by the field's name as sent (e.g. steps[2].plantedOn).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}

/// <summary>Drops the framework's ProblemDetails schema, which <see cref="ProblemResponsesFilter"/> leaves unused.</summary>
public sealed class UnusedProblemDetailsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Components?.Schemas?.Remove("ProblemDetails");
        swaggerDoc.Components?.Schemas?.Remove("HttpValidationProblemDetails");
    }
}
