using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.Api.Compliance;

/// <summary>An approval or reinstatement of a code in a market: the date the market's authority made it, and optionally why.</summary>
public sealed record MarketStatusRequest(LocalDate? On, string? Reason);

/// <summary>A suspension of a code in a market: the date it starts, and why (required).</summary>
public sealed record MarketSuspensionRequest(LocalDate? On, string? Reason);

/// <summary>The fetch and answer halves of the commands on a code's standing in a market (admins and auditors record them).</summary>
public static class CodeWriter
{
    public static void Validate(Validator v, LocalDate? on, string? reason, bool reasonRequired)
    {
        v.FieldDate("on", on);
        v.Text("reason", reason, required: reasonRequired, maxLength: 1000, multiline: true);
    }

    /// <summary>The market named in the path (its name or ISO code), else 404.</summary>
    public static Market MarketOf(string market) => Markets.Parse(market) ?? throw Problems.NotFound($"market (use one of {string.Join(", ", Markets.Names)})");

    /// <summary>Appends what <paramref name="decide"/> accepts on the code and answers its view; a refusal is a 409 problem.</summary>
    public static async ValueTask<Outcome<CodeView>> DecideAsync(
        UnitOfWork unitOfWork, Caller caller, Guid id, long? expectedVersion, Market market, LocalDate on, string? reason, IClock clock,
        Func<ComplianceCode, ChangeMarketStatus, Instant, Decision> decide, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var session = await unitOfWork.SessionAsync(ct);
        var stream = await session.FetchOwnedAsync<ComplianceCode>(id, expectedVersion, caller.MayRead, "code", ct);
        var change = new ChangeMarketStatus(market, on, Validator.Clean(reason), caller.Recorder());
        stream.AppendMany(decide(stream.Aggregate!, change, now).Accepted());
        await session.SaveChangesAsync(ct);
        var view = await session.LoadAsync<ComplianceCode>(id, ct);
        return Outcome.Changed(CodeView.Of(view!, now), view!.Version);
    }
}
