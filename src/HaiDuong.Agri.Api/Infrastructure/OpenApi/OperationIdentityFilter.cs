using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Who may call an operation and what it is called. An endpoint that allows anonymous callers (the public resolver, signing
/// in) says <c>security: []</c> instead of inheriting the document's requirement (an API key, or a browser session on
/// <c>/api/</c> routes). A route mapped for GET and HEAD
/// shares one endpoint name; its HEAD operation gets an id of its own (<c>{name}Head</c>) so every operation id is unique.
/// Its responses keep the GET's content entries: a HEAD answer carries the same Content-Type, only no body.
/// </summary>
public sealed class OperationIdentityFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }
        else if (context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            // Browser sessions act on the API (and the desk pages) only: a feed takes an API key.
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] }];
        }

        if (context.ApiDescription.HttpMethod == HttpMethods.Head && operation.OperationId is { } name)
        {
            operation.OperationId = name + "Head";
            operation.Description = "The status and headers of the GET answer, without its body.";
        }
    }
}
