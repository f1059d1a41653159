using System.Collections.Concurrent;
using System.Linq.Expressions;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Marten.Linq;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>Which version of each province's register is stored: a few bytes per province, read beside a page's own data.</summary>
public sealed record RegisterStamp(string ProvinceCode, long Version);

/// <summary>The stamps of every register, as a compiled query a page adds to the batch it already sends.</summary>
public sealed class RegisterStamps : ICompiledListQuery<ProvinceRegister, RegisterStamp>
{
    public Expression<Func<IMartenQueryable<ProvinceRegister>, IEnumerable<RegisterStamp>>> QueryIs() =>
        registers => registers.Select(r => new RegisterStamp(r.ProvinceCode, r.Version));
}

/// <summary>
/// The registers kept in memory for the hot path (the trace page), each checked against its stored version read in the same
/// statement as the page's other data (<see cref="RegisterStamps"/>): no round trip of its own while nothing changes, and a
/// rename on any instance shows on the next page everywhere (the changed register is read again once).
/// </summary>
public sealed class RegisterCache(IDocumentStore store)
{
    private readonly ConcurrentDictionary<string, ProvinceRegister> registers = new(StringComparer.Ordinal);

    /// <summary>The province's register as <paramref name="stamps"/> says it is now, or null when the province has none.</summary>
    public async ValueTask<ProvinceRegister?> CurrentAsync(IEnumerable<RegisterStamp> stamps, string provinceCode, CancellationToken ct)
    {
        if (stamps.FirstOrDefault(s => s.ProvinceCode == provinceCode) is not { } stamp)
        {
            return null;
        }

        if (registers.TryGetValue(provinceCode, out var cached) && cached.Version == stamp.Version)
        {
            return cached;
        }

        await using var session = store.QuerySession();
        var register = await session.LoadAsync<ProvinceRegister>(ProvinceRegister.StreamId(provinceCode), ct);
        if (register is not null)
        {
            registers.AddOrUpdate(provinceCode, register, (_, current) => current.Version > register.Version ? current : register);
        }

        return register;
    }
}
