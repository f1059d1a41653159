using HaiDuong.Agri.Api.Infrastructure.Validation;
using Marten;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>One page of a list route: its items (newest first), the page asked for, its size, and how many items match in all.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>
/// The <c>page</c> and <c>pageSize</c> of a list route (every list route pages the same way): page 1 and up, at most
/// <see cref="MaxPageSize"/> items a page (<see cref="DefaultPageSize"/> when not asked).
/// </summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxPage = 100_000;

    public int Skip => (Page - 1) * PageSize;

    public static Paging Of(int? page, int? pageSize) => new(page ?? 1, pageSize ?? DefaultPageSize);

    public static void Validate(Validator v, int? page, int? pageSize)
    {
        v.Range("page", page, 1, MaxPage, required: false);
        v.Range("pageSize", pageSize, 1, MaxPageSize, required: false);
    }
}

public static class PagingQueries
{
    /// <summary>
    /// How many documents the filtered query matches, and the page of them in the given order: two indexed statements (a
    /// count and an ordered <c>limit</c>/<c>offset</c>), never a window over every match.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(
        this IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order, Paging paging, CancellationToken ct)
        where T : notnull
    {
        var total = await filtered.LongCountAsync(ct);
        IReadOnlyList<T> items = total <= paging.Skip
            ? []
            : await order(filtered).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return (items, total);
    }
}
