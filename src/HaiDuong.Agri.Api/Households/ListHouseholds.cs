using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Households;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Households;

/// <summary>
/// The households the caller sees (an admin all, a cooperative its members, a household itself), newest registered first,
/// filtered by cooperative, commune, onboarding stage (the furthest milestone reached) and registration date (Việt Nam time).
/// </summary>
public sealed record ListHouseholds(
    Caller Caller, Guid? CooperativeId, string? CommuneCode, string? Stage, string? From, string? To, int? Page, int? PageSize)
    : IQuery<ListPage<Household>>, IValidated
{
    public void Validate(Validator v)
    {
        v.Digits("communeCode", CommuneCode, required: false);
        v.Choice<Milestone>("stage", Stage);
        v.DateRange(From, To);
        Paging.Validate(v, Page, PageSize);
    }
}

public sealed class ListHouseholdsHandler(IQuerySession session) : IQueryHandler<ListHouseholds, ListPage<Household>>
{
    public async ValueTask<ListPage<Household>> Handle(ListHouseholds query, CancellationToken cancellationToken)
    {
        var scope = ListScope.Of(query.Caller);
        var households = session.Query<Household>().AsQueryable();
        if (scope.CooperativeId is { } own)
        {
            households = households.Where(h => h.CooperativeId == own);
        }

        if (scope.HouseholdId is { } self)
        {
            households = households.Where(h => h.Id == self);
        }

        if (query.CooperativeId is { } cooperativeId)
        {
            households = households.Where(h => h.CooperativeId == cooperativeId);
        }

        if (query.CommuneCode is { Length: > 0 } communeCode)
        {
            households = households.Where(h => h.CommuneCode == communeCode);
        }

        households = Validator.ParseChoice<Milestone>(query.Stage) switch
        {
            Milestone.Selling => households.Where(h => h.Onboarding.Selling != null),
            Milestone.Listed => households.Where(h => h.Onboarding.Listed != null && h.Onboarding.Selling == null),
            Milestone.AccountLinked => households.Where(h =>
                h.Onboarding.AccountLinked != null && h.Onboarding.Listed == null && h.Onboarding.Selling == null),
            Milestone.Trained => households.Where(h =>
                h.Onboarding.Trained != null && h.Onboarding.AccountLinked == null && h.Onboarding.Listed == null && h.Onboarding.Selling == null),
            Milestone.Registered => households.Where(h =>
                h.Onboarding.Trained == null && h.Onboarding.AccountLinked == null && h.Onboarding.Listed == null && h.Onboarding.Selling == null),
            _ => households,
        };

        if (Validator.ParseDate(query.From) is { } from)
        {
            var start = FieldTime.StartOf(from);
            households = households.Where(h => h.RegisteredAt >= start);
        }

        if (Validator.ParseDate(query.To) is { } to)
        {
            var end = FieldTime.StartOf(to.PlusDays(1));
            households = households.Where(h => h.RegisteredAt < end);
        }

        var paging = Paging.Of(query.Page, query.PageSize);
        var (items, total) = await households.PageAsync(
            q => q.OrderByDescending(h => h.RegisteredAt).ThenByDescending(h => h.Id), paging, cancellationToken);
        return new ListPage<Household>(items, paging.Page, paging.PageSize, total);
    }
}
