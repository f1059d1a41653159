using System.Globalization;
using System.Runtime.CompilerServices;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Labels;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Lots;

/// <summary>
/// Streams a lot's label sheet straight to the response, reading the stamps a page at a time, so 100,000 labels need no
/// more memory than 1,000. With <c>serials=unprinted</c>, the stamps are claimed (marked printed) in one statement before
/// the sheet is drawn, so two people printing at once never print the same stamp twice; if a print fails midway,
/// <c>serials=all</c> prints them again.
/// </summary>
public sealed class LabelPrinter(IDocumentStore store, StampRegister stamps, PublicLinks links, IClock clock)
{
    public const string NoStampsCode = "no-stamps-to-print";

    private const int PageOfStamps = 1000;
    private static readonly LocalDatePattern PackedOnPattern = LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy");

    public async Task<IResult> PrintAsync(Caller caller, Guid lotId, string? template, string? serials, CancellationToken ct)
    {
        if (!LabelTemplates.TryParse(template, out var labelTemplate))
        {
            throw Problems.Malformed("template", "Must be a4-3x8 (24 labels per A4 page) or thermal-50x30.");
        }

        var unprintedOnly = serials switch
        {
            null or "" or "all" => false,
            "unprinted" => true,
            _ => throw Problems.Malformed("serials", "Must be all or unprinted."),
        };

        await using var session = store.QuerySession();
        var lot = await session.CompleteAsync(await session.LoadLotForAsync(caller, lotId, ct), links, ct);
        var claimed = unprintedOnly ? await stamps.ClaimUnprintedAsync(lot.Id, clock.GetCurrentInstant(), ct) : null;
        var count = claimed?.Count ?? await stamps.CountLiveAsync(lot.Id, ct);
        if (count == 0)
        {
            throw Problems.Conflict(
                NoStampsCode, "There are no stamps to print",
                unprintedOnly ? "Every live stamp of this lot has been printed; ask for serials=all to print them again." : "Issue stamps for the lot first.");
        }

        var face = await FaceAsync(session, lot, ct);
        var payloads = claimed is null ? AllLiveAsync(lot, ct) : Claimed(lot, claimed);
        return Results.Stream(
            output => LabelSheet.WriteAsync(output, labelTemplate, face, payloads, ct),
            "application/pdf",
            $"lot-{lot.LotCode}-labels.pdf");
    }

    private IAsyncEnumerable<StampLabel> Claimed(LotDetails lot, List<string> serials) =>
        serials.Select(serial => Label(lot, serial)).ToAsyncEnumerable();

    /// <summary>A stamp's label: its Digital Link in the QR code, its serial printed in letters.</summary>
    private StampLabel Label(LotDetails lot, string serial) => new(links.ForUnit(lot.Gtin, lot.LotCode, serial), serial);

    private async IAsyncEnumerable<StampLabel> AllLiveAsync(LotDetails lot, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var page = await stamps.LiveAfterAsync(lot.Id, after, PageOfStamps, ct);
            foreach (var stamp in page)
            {
                yield return Label(lot, stamp.Serial);
            }

            if (page.Count < PageOfStamps)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    private static async Task<LabelFace> FaceAsync(IQuerySession session, LotDetails lot, CancellationToken ct)
    {
        var household = await session.LoadAsync<Household>(lot.HouseholdId, ct);
        var cooperative = lot.CooperativeId is { } id ? await session.LoadAsync<Cooperative>(id, ct) : null;
        var area = await session.LoadAsync<GrowingArea>(lot.GrowingAreaId, ct);
        return new LabelFace(
            lot.ProductName,
            lot.LotCode,
            PackedOnPattern.Format(lot.PackedOn),
            NetWeight(lot.NetWeightGrams),
            cooperative?.Name ?? household?.Name ?? "",
            area?.AreaCode,
            lot.CertificationClaims.Select(c => Mark(c.Scheme)).Distinct().ToList());
    }

    /// <summary>Net weight as a Vietnamese label writes it: <c>500 g</c>, <c>2 kg</c>, <c>1,5 kg</c>.</summary>
    public static string NetWeight(int grams) =>
        grams < 1000 ? $"{grams} g" : (grams / 1000m).ToString("0.###", CultureInfo.GetCultureInfo("vi-VN")) + " kg";

    public static string Mark(Scheme scheme) => scheme switch
    {
        Scheme.Vietgap => "VietGAP",
        Scheme.Globalgap => "GLOBALG.A.P.",
        _ => scheme.ToString(),
    };
}
