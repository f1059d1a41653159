using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>Which page of a lot a template renders: the language, the stamp's state, whether it warns of copying, whether it is a unit's.</summary>
public readonly record struct PageKey(string Language, TraceStatus Status, bool Suspicious, bool Unit);

/// <summary>
/// The rendered pages of one version of a lot's trace data (<see cref="TraceVersions"/>): each kind of page is rendered
/// once, with markers where a request's own parts go (the serial, its Digital Link, the page's address, the scan count and
/// the copy warning's count), and each request only fills the markers in.
/// </summary>
public sealed class LotPages(string version)
{
    private readonly ConcurrentDictionary<PageKey, Lazy<Task<PageTemplate>>> templates = new();

    /// <summary>The lot's trace version and the registers' (for the lot page's ETag).</summary>
    public string Version { get; } = version;

    public Task<PageTemplate> TemplateAsync(PageKey key, Func<Task<PageTemplate>> render)
    {
        var lazy = templates.GetOrAdd(key, _ => new Lazy<Task<PageTemplate>>(render));
        if (lazy.Value.IsFaulted)
        {
            templates.TryRemove(new KeyValuePair<PageKey, Lazy<Task<PageTemplate>>>(key, lazy));
        }

        return lazy.Value;
    }
}

/// <summary>A rendered page cut at its markers: literal text, and between the pieces the index of the value that goes there.</summary>
public sealed class PageTemplate
{
    /// <summary>The markers: random per process, letters and digits only, so no encoder changes them and no data can forge them.</summary>
    public static readonly string[] Markers = MakeMarkers();

    public const int Serial = 0;
    public const int DigitalLink = 1;
    public const int PageUrl = 2;
    public const int ScansLine = 3;
    public const int SuspiciousWarning = 4;

    private readonly string[] pieces;
    private readonly int[] holes;

    private PageTemplate(string[] pieces, int[] holes)
    {
        this.pieces = pieces;
        this.holes = holes;
    }

    public static string Marker(int hole) => Markers[hole];

    public static PageTemplate Parse(string html)
    {
        var pieces = new List<string>();
        var holes = new List<int>();
        var at = 0;
        while (true)
        {
            var (next, hole) = (-1, -1);
            for (var i = 0; i < Markers.Length; i++)
            {
                var found = html.IndexOf(Markers[i], at, StringComparison.Ordinal);
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
            at = next + Markers[hole].Length;
        }
    }

    /// <summary>The page with <paramref name="values"/> (already encoded for where they go) in the markers' places.</summary>
    public string Fill(string[] values)
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

    /// <summary>A value for inside a JSON string of the JSON-LD block, escaped as its serializer escapes.</summary>
    public static string Json(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();

    private static string[] MakeMarkers()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        string[] names = ["serial", "link", "page", "scans", "suspicious"];
        return names.Select(name => $"m{nonce}{name}z").ToArray();
    }
}
