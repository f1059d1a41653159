using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

/// <summary>The fetch and answer halves of the commands on a certificate's status; auditors of the issuing body only.</summary>
public static class CertificateWriter
{
    /// <summary>Appends what <paramref name="decide"/> accepts on the certificate and answers its view; a refusal is a 409 problem.</summary>
    public static async ValueTask<Outcome<CertificateView>> DecideAsync(
        UnitOfWork unitOfWork, Caller caller, Guid id, long? expectedVersion, Instant now, Func<Certificate, Decision> decide, CancellationToken ct)
    {
        var session = await unitOfWork.SessionAsync(ct);
        var stream = await session.FetchOwnedAsync<Certificate>(id, expectedVersion, c => c.IsOfBody(caller), "certificate", ct);
        stream.AppendMany(decide(stream.Aggregate!).Accepted());
        await session.SaveChangesAsync(ct);
        var view = await session.LoadAsync<Certificate>(id, ct);
        return Outcome.Changed(CertificateView.Of(view!, now), view!.Version);
    }
}
