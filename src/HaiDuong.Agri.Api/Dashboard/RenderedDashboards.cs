using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Statistics;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>
/// The dashboard pages this instance rendered, by what they show. A page is a pure function of what its <see cref="DashboardView"/> is
/// built from (the filters, the commune choices and the statistics answer) and the session's anti-forgery token; officials open the
/// same few views over and over while the figures stand still between two daemon batches, so a view's HTML is rendered
/// once and kept under a hash of its inputs (their JSON, the statistics' own serialization: any figure, name or scan that
/// changes makes another key), as a <see cref="PageTemplate"/> whose one hole is the token, filled in per request. A few
/// dozen pages are kept; when full the cache starts over.
/// </summary>
public sealed class RenderedDashboards
{
    private const int Capacity = 32;

    private readonly IReadOnlyList<string> markers = PageTemplate.NewMarkers("csrf");
    private readonly ConcurrentDictionary<string, PageTemplate> pages = new(StringComparer.Ordinal);

    /// <summary>
    /// The page of the view of <paramref name="statistics"/> under <paramref name="filters"/>: kept, or from
    /// <paramref name="render"/> (given the token to write; it builds the view, so a kept page costs no chart geometry either).
    /// </summary>
    public async Task<string> PageAsync(
        DashboardFilters filters, IReadOnlyList<CommuneChoice> communes, ProvinceStatistics statistics, string? csrf, Func<string?, Task<string>> render)
    {
        var withToken = csrf is { Length: > 0 };
        var key = Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new { filters.CommuneCode, filters.From, filters.To, communes, statistics, withToken }, AgriJson.Options)));
        if (!pages.TryGetValue(key, out var template))
        {
            template = PageTemplate.Parse(await render(withToken ? markers[0] : null), markers);
            if (pages.Count >= Capacity)
            {
                pages.Clear();
            }

            pages[key] = template;
        }

        return template.Fill([withToken ? HtmlEncoder.Default.Encode(csrf!) : ""]);
    }
}
