using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace HaiDuong.Agri.Api.Exports;

public static partial class EpcisDocument
{
    /// <summary>The name of <see cref="Schema"/> among the OpenAPI document's components.</summary>
    public const string SchemaName = "EpcisDocument";

    /// <summary>
    /// The OpenAPI schema of what <see cref="Build"/> writes: the envelope every EPCIS 2.0 JSON-LD document has (as
    /// <see cref="Build"/> sets it), its events described by GS1's own JSON Schema (linked, not repeated).
    /// </summary>
    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A GS1 EPCIS 2.0 document in JSON-LD: the lot's history as events (ObjectEvent, TransformationEvent) in time order, "
            + $"with this API's farming steps as business steps of the namespace {Namespace} (prefix agri).",
        ExternalDocs = new OpenApiExternalDocs
        {
            Description = "GS1 EPCIS 2.0 JSON Schema and JSON-LD context",
            Url = new Uri("https://ref.gs1.org/standards/epcis/"),
        },
        Required = new HashSet<string>(StringComparer.Ordinal) { "@context", "type", "schemaVersion", "creationDate", "epcisBody" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["@context"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema(), Description = $"{EpcisContext} and the agri prefix" },
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("EPCISDocument")] },
            ["schemaVersion"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("2.0")] },
            ["creationDate"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            ["epcisHeader"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Master data: the locations (growing area, packing site) named by the events." },
            ["epcisBody"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string>(StringComparer.Ordinal) { "eventList" },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["eventList"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "An EPCIS event as GS1's JSON Schema defines it." },
                    },
                },
            },
        },
    };
}
