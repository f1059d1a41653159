namespace HaiDuong.Agri.Api.Infrastructure.Http;

public static class QueryAnswer
{
    /// <summary>200 with the view and its <c>ETag</c>, or 304 when the client's <c>If-None-Match</c> already names this version.</summary>
    public static IResult Ok(HttpContext http, object view, long version)
    {
        var etag = Versions.ETag(version);
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        return ifNoneMatch.Split(',').Any(t => t.Trim() == etag || t.Trim() == "W/" + etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Ok(view);
    }
}
