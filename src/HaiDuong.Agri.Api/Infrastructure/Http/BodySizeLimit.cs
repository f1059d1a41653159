using Microsoft.AspNetCore.Http.Features;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>Route metadata: the largest request body a route accepts.</summary>
public sealed record BodySizeLimit(long Bytes)
{
    public const long Default = 1024 * 1024;
}

public static class BodySizeLimitExtensions
{
    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BodySizeLimit(bytes));

    /// <summary>
    /// Caps every request body (1 MB unless the route says otherwise): a declared length over the cap is refused
    /// at once with 413, and a streamed body is cut by the server at the cap (Kestrel answers 413 too).
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes ?? BodySizeLimit.Default;
        if (http.Request.ContentLength > limit)
        {
            await ProblemWriter.WriteAsync(http, Problems.PayloadTooLarge(limit));
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await ProblemWriter.WriteAsync(http, Problems.PayloadTooLarge(limit));
        }
    });
}
