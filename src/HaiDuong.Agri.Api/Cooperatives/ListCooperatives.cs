using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Cooperatives;

/// <summary>
/// The cooperatives the caller sees (an admin all, a cooperative itself), newest registered first, filtered by commune and
/// registration date (Việt Nam time).
/// </summary>
public sealed record ListCooperatives(Caller Caller, string? CommuneCode, string? From, string? To, int? Page, int? PageSize)
    : IQuery<ListPage<Cooperative>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListCooperativesHandler(IQuerySession session) : IQueryHandler<ListCooperatives, ListPage<Cooperative>>
{
    public async ValueTask<ListPage<Cooperative>> Handle(ListCooperatives query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        if (scope.HouseholdId is not null)
        {
            throw Problems.Forbidden("A household's key does not list cooperatives.");
        }

        var cooperatives = session.Query<Cooperative>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            cooperatives = cooperatives.Where(c => c.Id == own);
        }

        if (query.CommuneCode is { Length: > 0 } communeCode)
        {
            cooperatives = cooperatives.Where(c => c.CommuneCode == communeCode);
        }

        if (Validator.ParseDate(query.From) is { } from)
        {
            var start = FieldTime.StartOf(from);
            cooperatives = cooperatives.Where(c => c.RegisteredAt >= start);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            var end = FieldTime.StartOf(to.PlusDays(1));
            cooperatives = cooperatives.Where(c => c.RegisteredAt < end);
        }

        var paging = Paging.Of(query.Page, query.PageSize);
        var (items, total) = await cooperatives.PageAsync(
            q => q.OrderByDescending(c => c.RegisteredAt).ThenByDescending(c => c.Id), paging, cancellationToken);
        return new ListPage<Cooperative>(items, paging.Page, paging.PageSize, total);
    }
}
