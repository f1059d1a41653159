using System.Collections.Concurrent;
using HaiDuong.Agri.Api.Infrastructure.Http;

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

/// <summary>The holes of a trace page's template: a request's own parts (random markers, see <see cref="PageTemplate"/>).</summary>
public static class TraceMarkers
{
    public const int Serial = 0;
    public const int DigitalLink = 1;
    public const int PageUrl = 2;
    public const int ScansLine = 3;
    public const int SuspiciousWarning = 4;

    public static readonly IReadOnlyList<string> All = PageTemplate.NewMarkers("serial", "link", "page", "scans", "suspicious");

    public static string Of(int hole) => All[hole];
}
