using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Gives every declared answer a content entry with a schema. ASP.NET's <c>Produces(status, contentType: …)</c> without a body
/// type (the files: PDF, PNG, SVG, CSV, TSV, XML) leaves the document without one; its schema follows from the media type:
/// binary for PDF and raster images, a string for text (SVG and XML are text). <see cref="ResponseContent"/> adds the content
/// types a status has beyond its typed body.
/// </summary>
public sealed class ResponseContentFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        foreach (var produces in metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.Type is null || p.Type == typeof(void)))
        {
            foreach (var contentType in produces.ContentTypes)
            {
                Add(operation, produces.StatusCode, contentType, ForMediaType(contentType));
            }
        }

        foreach (var content in metadata.OfType<ResponseContent>())
        {
            var schema = content switch
            {
                { Body: { } body } => context.SchemaGenerator.GenerateSchema(body, context.SchemaRepository),
                { SchemaName: { } name, Schema: { } write } => Component(context, name, write),
                _ => ForMediaType(content.ContentType),
            };
            Add(operation, content.StatusCode, content.ContentType, schema);
        }
    }

    /// <summary>The schema of a body known only by its media type: binary for files, a string for text.</summary>
    public static OpenApiSchema ForMediaType(string contentType) => IsText(contentType)
        ? new OpenApiSchema { Type = JsonSchemaType.String }
        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

    private static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal)
        || contentType is "image/svg+xml" or "application/xml"
        || contentType.EndsWith("+xml", StringComparison.Ordinal);

    private static OpenApiSchemaReference Component(OperationFilterContext context, string name, Func<OpenApiSchema> write)
    {
        if (!context.SchemaRepository.Schemas.ContainsKey(name))
        {
            context.SchemaRepository.AddDefinition(name, write());
        }

        return new OpenApiSchemaReference(name, context.Document);
    }

    private static void Add(OpenApiOperation operation, int statusCode, string contentType, IOpenApiSchema schema)
    {
        operation.Responses ??= [];
        var key = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(key, out var response))
        {
            operation.Responses[key] = response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(statusCode) };
        }

        if (response is OpenApiResponse writable)
        {
            writable.Content ??= new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal);
            writable.Content[contentType] = new OpenApiMediaType { Schema = schema };
        }
    }
}
