using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary><c>ETag: "&lt;stream version&gt;"</c> out, <c>If-Match</c> in.</summary>
public static class Versions
{
    public static string ETag(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>The version named by If-Match, or null when the header is absent or <c>*</c>; a malformed one is 400.</summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag)
            && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw Problems.Malformed("If-Match", "If-Match must be one ETag from a previous answer, such as \"3\".");
    }

    /// <summary>
    /// Whether the client's <c>If-None-Match</c> already names <paramref name="etag"/> (or is <c>*</c>): the answer is
    /// then 304. Compared weakly, as RFC 9110 says for If-None-Match, so a proxy's <c>W/</c> prefix still matches.
    /// </summary>
    public static bool IfNoneMatch(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.ToString().Split(',')
            .Select(t => t.Trim())
            .Any(t => t == "*" || t == etag || t == "W/" + etag);
}
