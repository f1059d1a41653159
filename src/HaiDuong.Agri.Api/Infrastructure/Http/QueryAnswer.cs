using System.Reflection;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>304: the client's copy (named by <c>If-None-Match</c>) is still current.</summary>
public sealed class NotModified : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public static readonly NotModified Instance = new();

    public int? StatusCode => StatusCodes.Status304NotModified;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
}

public static class QueryAnswer
{
    /// <summary>
    /// 200 with the view and its <c>ETag</c> (the stream version, for If-Match), or 304 when the client's
    /// <c>If-None-Match</c> already names this version.
    /// </summary>
    public static Results<Ok<T>, NotModified> Revalidated<T>(HttpContext http, T view, long version)
    {
        var etag = Versions.ETag(version);
        http.Response.Headers.ETag = etag;
        return Versions.IfNoneMatch(http.Request, etag) ? NotModified.Instance : TypedResults.Ok(view);
    }

    /// <summary>
    /// <c>GET {pattern}</c> (with an <c>{id:guid}</c>) answering the view <paramref name="query"/> finds for the caller, with
    /// its version as <c>ETag</c>. Views with parts computed when read (claims, status today) pass
    /// <paramref name="revalidate"/> false: the version alone cannot tell they are unchanged, so they never answer 304.
    /// </summary>
    public static RouteHandlerBuilder MapGetById<TView>(
        this IEndpointRouteBuilder routes, string pattern, Func<Caller, Guid, IQuery<TView>> query, Func<TView, long> version, bool revalidate = true) =>
        revalidate
            ? routes.MapGet(pattern, async Task<Results<Ok<TView>, NotModified>> (Guid id, HttpContext http, IMediator mediator) =>
            {
                var view = await mediator.Send(query(http.Caller(), id), http.RequestAborted);
                return Revalidated(http, view, version(view));
            })
            : routes.MapGet(pattern, async Task<Ok<TView>> (Guid id, HttpContext http, IMediator mediator) =>
            {
                var view = await mediator.Send(query(http.Caller(), id), http.RequestAborted);
                http.Response.Headers.ETag = Versions.ETag(version(view));
                return TypedResults.Ok(view);
            });
}
