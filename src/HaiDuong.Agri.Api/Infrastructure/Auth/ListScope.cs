using HaiDuong.Agri.Api.Infrastructure.Http;

namespace HaiDuong.Agri.Api.Infrastructure.Auth;

/// <summary>
/// Whose objects a caller sees in a list: an admin everything, a cooperative its own and its member households', a
/// household its own. Filters a client sends only narrow this: naming another cooperative or household gives an empty page.
/// </summary>
public sealed record ListScope(Guid? CooperativeId, Guid? HouseholdId)
{
    public static ListScope Of(Caller caller) => caller.Role switch
    {
        Role.Admin => new ListScope(null, null),
        Role.Cooperative => new ListScope(caller.CooperativeId ?? Guid.Empty, null),
        Role.Household => new ListScope(null, caller.HouseholdId ?? Guid.Empty),
        _ => throw Problems.Forbidden("Your API key's role may not list these records."),
    };
}
