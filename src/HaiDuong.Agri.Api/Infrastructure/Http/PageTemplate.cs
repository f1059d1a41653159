using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// A rendered page cut at its markers: literal text, and between the pieces the index of the value that goes there. A page
/// that is the same for many requests but for a few parts (a trace page's serial and count, a dashboard's anti-forgery
/// token) is rendered once with markers in those places and filled in per request.
/// </summary>
public sealed class PageTemplate
{
    private readonly string[] pieces;
    private readonly int[] holes;

    private PageTemplate(string[] pieces, int[] holes)
    {
        this.pieces = pieces;
        this.holes = holes;
    }

    /// <summary>One marker per name: random per call, letters and digits only, so no encoder changes them and no data can forge them.</summary>
    public static IReadOnlyList<string> NewMarkers(params string[] names)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return [.. names.Select(name => $"m{nonce}{name}z")];
    }

    /// <summary>The page cut at each of <paramref name="markers"/> (a marker's index is its value's).</summary>
    public static PageTemplate Parse(string html, IReadOnlyList<string> markers)
    {
        var pieces = new List<string>();
        var holes = new List<int>();
        var at = 0;
        while (true)
        {
            var (next, hole) = (-1, -1);
            for (var i = 0; i < markers.Count; i++)
            {
                var found = html.IndexOf(markers[i], at, StringComparison.Ordinal);
                if (found >= 0 && (next < 0 || found < next))
                {
                    (next, hole) = (found, i);
                }
            }

            if (next < 0)
            {
                pieces.Add(html[at..]);
                return new PageTemplate([.. pieces], [.. holes]);
            }

            pieces.Add(html[at..next]);
            holes.Add(hole);
            at = next + markers[hole].Length;
        }
    }

    /// <summary>The page with <paramref name="values"/> (already encoded for where they go) in the markers' places.</summary>
    public string Fill(IReadOnlyList<string> values)
    {
        var length = pieces.Sum(p => p.Length);
        foreach (var hole in holes)
        {
            length += values[hole].Length;
        }

        var builder = new StringBuilder(length);
        for (var i = 0; i < pieces.Length; i++)
        {
            builder.Append(pieces[i]);
            if (i < holes.Length)
            {
                builder.Append(values[holes[i]]);
            }
        }

        return builder.ToString();
    }

    /// <summary>A value for inside a JSON string of a JSON-LD block, escaped as its serializer escapes.</summary>
    public static string Json(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();
}
