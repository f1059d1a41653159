namespace HaiDuong.Agri.Api.Infrastructure.Http;

public static class QueryAnswer
{
    /// <summary>
    /// 200 with the view and its <c>ETag</c> (the stream version, for If-Match), or 304 when the client's
    /// <c>If-None-Match</c> already names this version. Views with parts computed when read (claims, status today) pass
    /// <paramref name="revalidate"/> false: the version alone cannot tell they are unchanged.
    /// </summary>
    public static IResult Ok(HttpContext http, object view, long version, bool revalidate = true)
    {
        var etag = Versions.ETag(version);
        http.Response.Headers.ETag = etag;
        return revalidate && Versions.IfNoneMatch(http.Request, etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Ok(view);
    }
}
