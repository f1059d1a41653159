using System.Security.Cryptography;
using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Labels;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Lots;

public enum QrFormat
{
    Png,
    Svg,
}

/// <summary>A stamp's QR code as an image file, with what a cache needs.</summary>
public sealed record QrImage(byte[] Content, string ContentType, string ETag);

public sealed record GetStampQr(Caller Caller, string Serial, QrFormat Format, int? Size) : IQuery<QrImage>, IValidated
{
    public void Validate(Validator v) => v.Range("size", Size, QrImages.MinSize, QrImages.MaxSize, required: false);
}

public sealed class GetStampQrHandler(IQuerySession session, StampRegister stamps, PublicLinks links) : IQueryHandler<GetStampQr, QrImage>
{
    public async ValueTask<QrImage> Handle(GetStampQr query, CancellationToken cancellationToken)
    {
        var stamp = await stamps.FindAsync(query.Serial, cancellationToken) ?? throw Problems.NotFound("stamp");
        var lot = await session.LoadAsync<LotDetails>(stamp.LotId, cancellationToken);
        if (lot is null || !query.Caller.ActsFor(lot.HouseholdId, lot.CooperativeId))
        {
            throw Problems.NotFound("stamp");
        }

        var payload = links.ForUnit(lot.Gtin, lot.LotCode, stamp.Serial);
        var size = query.Size ?? QrImages.DefaultSize;
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{query.Format}|{size}|{payload}")))[..32] + "\"";
        return query.Format == QrFormat.Png
            ? new QrImage(QrImages.Png(payload, size), "image/png", etag)
            : new QrImage(Encoding.UTF8.GetBytes(QrImages.Svg(payload, size)), "image/svg+xml", etag);
    }
}
