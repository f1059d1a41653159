using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// Says in each operation's description who may call it, as its authorization policies say: the roles of the API key
/// (or browser session), or that no key is needed. Beyond the role, a key acts only for what it owns (its households,
/// batches, lots…): another's object is a 404.
/// </summary>
public sealed class OperationDescriptionFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        string who;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            who = "Public: no API key needed.";
        }
        else
        {
            // Every policy on the endpoint (its group's and its own) must pass: the roles allowed are those all of them allow.
            var roles = metadata.OfType<AuthorizationPolicy>()
                .SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>())
                .Select(r => r.AllowedRoles.ToHashSet(StringComparer.OrdinalIgnoreCase))
                .Aggregate((IEnumerable<string>?)null, (allowed, next) => allowed is null ? next : allowed.Intersect(next, StringComparer.OrdinalIgnoreCase))
                ?.ToList();
            who = roles is { Count: > 0 }
                ? $"Roles: {string.Join(", ", roles.Select(r => r.ToLowerInvariant()))}."
                : "Any API key.";
        }

        operation.Description = operation.Description is null ? who : $"{who} {operation.Description}";
    }
}
