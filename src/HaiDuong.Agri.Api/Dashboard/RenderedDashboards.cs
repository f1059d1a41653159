using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
/// changes makes another key). The token is left as a marker in the kept page and filled in per request. A few dozen
/// pages are kept; when full the cache starts over.
/// </summary>
public sealed class RenderedDashboards
{
    private const int Capacity = 32;

    // Unguessable, so no text an admin could type (a commune's name) can stand for it.
    private readonly string marker = "csrf-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly ConcurrentDictionary<string, byte[][]> pages = new(StringComparer.Ordinal);

    /// <summary>
    /// The page of the view of <paramref name="statistics"/> under <paramref name="filters"/> as UTF-8: kept, or from
    /// <paramref name="render"/> (given the token to write; it builds the view, so a kept page costs no chart geometry either).
    /// </summary>
    public async Task<byte[]> PageAsync(
        DashboardFilters filters, IReadOnlyList<CommuneChoice> communes, ProvinceStatistics statistics, string? csrf, Func<string?, Task<string>> render)
    {
        var withToken = csrf is { Length: > 0 };
        var key = Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new { filters.CommuneCode, filters.From, filters.To, communes, statistics, withToken }, AgriJson.Options)));
        if (!pages.TryGetValue(key, out var parts))
        {
            var html = await render(withToken ? marker : null);
            parts = [.. html.Split(marker).Select(Encoding.UTF8.GetBytes)];
            if (pages.Count >= Capacity)
            {
                pages.Clear();
            }

            pages[key] = parts;
        }

        if (parts.Length == 1)
        {
            return parts[0];
        }

        var token = Encoding.UTF8.GetBytes(HtmlEncoder.Default.Encode(csrf!));
        var page = new byte[parts.Sum(p => p.Length) + (token.Length * (parts.Length - 1))];
        var at = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                token.CopyTo(page, at);
                at += token.Length;
            }

            parts[i].CopyTo(page, at);
            at += parts[i].Length;
        }

        return page;
    }
}
