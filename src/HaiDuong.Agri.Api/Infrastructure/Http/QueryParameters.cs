using System.Collections.Frozen;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// Query parameters a route reads beyond those its handler binds (and so the OpenAPI document declares), and whether it
/// passes over any others.
/// </summary>
public sealed record QueryParametersMetadata(IReadOnlyList<string> Names, bool OthersIgnored);

/// <summary>
/// A GET that names a query parameter its route does not take is refused (400 <c>unknown-query-parameter</c>, naming it),
/// never answered as if it were not there: <c>?comune=10507</c> must not quietly give the whole province. A route takes the
/// parameters its handler binds from the query — exactly those the OpenAPI document lists, read from the same API
/// description — plus any it declares with <see cref="AcceptsQuery{TBuilder}"/>. Applied to every route of the app's
/// modules; runs after authorisation, so a caller without a key still gets 401 first.
/// </summary>
public static class QueryParameters
{
    public const string ProblemCode = "unknown-query-parameter";

    /// <summary>The route also reads these (from <c>Request.Query</c>).</summary>
    public static TBuilder AcceptsQuery<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new QueryParametersMetadata(names, OthersIgnored: false));

    /// <summary>The route reads <paramref name="names"/> and passes over anything else in its query string (public links others append to).</summary>
    public static TBuilder IgnoresOtherQueryParameters<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new QueryParametersMetadata(names, OthersIgnored: true));

    public static RouteGroupBuilder RefuseUnknownQueryParameters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.Query.Count > 0
                && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && http.GetEndpoint() is RouteEndpoint endpoint)
            {
                var declared = endpoint.Metadata.GetMetadata<QueryParametersMetadata>();
                if (declared?.OthersIgnored != true)
                {
                    var taken = http.RequestServices.GetRequiredService<DeclaredQueryParameters>().For(http.Request.Method, endpoint);
                    var unknown = http.Request.Query.Keys
                        .Where(k => !taken.Contains(k) && declared?.Names.Contains(k, StringComparer.OrdinalIgnoreCase) != true)
                        .ToList();
                    if (unknown.Count > 0)
                    {
                        throw Unknown(unknown, [.. taken.Concat(declared?.Names ?? []).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)]);
                    }
                }
            }

            return await next(context);
        });
        return group;
    }

    private static ProblemException Unknown(IReadOnlyList<string> unknown, IReadOnlyList<string> taken)
    {
        var takes = taken.Count == 0 ? "This route takes no query parameters." : $"This route takes: {string.Join(", ", taken)}.";
        var message = $"Not a query parameter of this route. {takes}";
        return new ProblemException(
            StatusCodes.Status400BadRequest,
            ProblemCode,
            "The request has a query parameter this route does not take",
            $"Unknown query parameter{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown)}. {takes}",
            unknown.ToDictionary(u => u, _ => new[] { message }, StringComparer.Ordinal));
    }
}

/// <summary>
/// The query parameters each route's handler binds, as the API description (the source of the OpenAPI document) lists
/// them; read once, on the first request that needs them.
/// </summary>
public sealed class DeclaredQueryParameters(IApiDescriptionGroupCollectionProvider descriptions)
{
    private FrozenDictionary<string, FrozenSet<string>>? byRoute;

    public FrozenSet<string> For(string method, RouteEndpoint endpoint) =>
        (byRoute ??= Read()).GetValueOrDefault(Key(method, endpoint.RoutePattern.RawText), FrozenSet<string>.Empty);

    private FrozenDictionary<string, FrozenSet<string>> Read()
    {
        var routes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var description in descriptions.ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            var key = Key(description.HttpMethod ?? "GET", description.RelativePath);
            if (!routes.TryGetValue(key, out var names))
            {
                routes[key] = names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            names.UnionWith(description.ParameterDescriptions.Where(p => p.Source == BindingSource.Query).Select(p => p.Name));
        }

        return routes.ToFrozenDictionary(r => r.Key, r => r.Value.ToFrozenSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
    }

    private static string Key(string method, string? pattern) =>
        $"{(method == HttpMethods.Head ? HttpMethods.Get : method).ToUpperInvariant()} {pattern?.TrimStart('/')}";
}
