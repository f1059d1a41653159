using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Regions;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>The fetch and answer halves of the admin's commands on one commune of a province's register.</summary>
public static class RegisterWriter
{
    /// <summary>
    /// Appends what <paramref name="decide"/> accepts on the register (404 without one; 412 for a stale If-Match) and answers
    /// the commune's view with the register's version: created when <paramref name="adding"/>, else changed (404 for a
    /// commune the register does not hold).
    /// </summary>
    public static async ValueTask<Outcome<CommuneView>> DecideAsync(
        UnitOfWork unitOfWork, string provinceCode, string communeCode, long? expectedVersion, bool adding,
        Func<ProvinceRegister, Decision> decide, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        if (!RegisterLoading.IsCode(provinceCode))
        {
            throw Problems.NotFound("province register");
        }

        var id = ProvinceRegister.StreamId(provinceCode);
        var stream = await session.FetchOwnedAsync<ProvinceRegister>(id, expectedVersion, _ => true, "province register", ct);
        if (!adding && stream.Aggregate!.Find(communeCode) is null)
        {
            throw Problems.NotFound("commune");
        }

        var events = decide(stream.Aggregate!).Accepted();
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        var register = await session.LoadAsync<ProvinceRegister>(id, ct);
        var view = CommuneView.Of(register!, register!.Find(communeCode)!);
        return adding ? Outcome.Created(view, register.Version) : Outcome.Changed(view, register.Version);
    }
}
