using System.Text.Json;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Compliance;

/// <summary>The most a hectare of a crop plausibly yields in a year.</summary>
public sealed record PlausibleYield(string Crop, IReadOnlyList<string> Aliases, decimal MaxKgPerHectare);

public sealed record PlausibleYields(string Version, string Source, IReadOnlyList<PlausibleYield> Crops)
{
    /// <summary>The crop's plausible yield, by its name or an alias (case aside); null for a crop without one (not checked).</summary>
    public PlausibleYield? For(string crop) =>
        Crops.FirstOrDefault(c => string.Equals(c.Crop, crop.Trim(), StringComparison.OrdinalIgnoreCase)
            || c.Aliases.Contains(crop.Trim(), StringComparer.OrdinalIgnoreCase));
}

/// <summary>On the lot's stream: it was packed from a coded area beyond what the area's hectares plausibly yield in the year.</summary>
public sealed record LotYieldFlagged(int Year, decimal Hectares, decimal PlausibleKg, decimal PackedKg, Instant RecordedAt);

/// <summary>
/// The code-borrowing check: a coded growing area cannot pack more in a calendar year than its registered hectares times
/// its crop's plausible yield. Beyond it, packing for an export market is refused; for the domestic market (or none) it
/// is flagged on the lot.
/// </summary>
public static class CodeBorrowing
{
    public const string YieldExceededCode = "code-borrowing-suspected";

    private static readonly Lazy<PlausibleYields> Shipped = new(Load);

    public static PlausibleYields Yields => Shipped.Value;

    /// <summary>The area's plausible kilograms in a year: hectares (m² / 10,000) × the crop's yield per hectare.</summary>
    public static decimal PlausibleKg(decimal areaM2, PlausibleYield yield) => areaM2 / 10_000m * yield.MaxKgPerHectare;

    /// <summary>
    /// Packing <paramref name="grams"/> more from a coded area that has packed <paramref name="packedGramsThisYear"/> this
    /// year: accepted when the total stays within the plausible yield (exactly at it included); beyond, refused for an export
    /// market and flagged otherwise. An uncoded area, or a crop without a plausible yield, is not checked.
    /// </summary>
    public static Decision Check(
        bool coded, string crop, decimal areaM2, Market? market, LocalDate packedOn, long packedGramsThisYear, long grams, Instant now)
    {
        if (!coded || Yields.For(crop) is not { } yield)
        {
            return Decision.Accept();
        }

        var plausibleKg = PlausibleKg(areaM2, yield);
        var totalKg = (packedGramsThisYear + grams) / 1000m;
        if (totalKg <= plausibleKg)
        {
            return Decision.Accept();
        }

        var hectares = areaM2 / 10_000m;
        return market is { } m && m.IsExport()
            ? Decision.Reject(new DomainError(
                YieldExceededCode, "More than the growing area can plausibly yield",
                FormattableString.Invariant(
                    $"The area's {hectares:0.####} ha of {yield.Crop} plausibly yield {plausibleKg:0.###} kg in {packedOn.Year}; with this lot it would have packed {totalKg:0.###} kg. Fruit from elsewhere under the area's code gets the code suspended: packing for {Markets.Name(m)} is refused."))
            {
                Data = new Dictionary<string, object?>
                {
                    ["year"] = packedOn.Year,
                    ["hectares"] = hectares,
                    ["plausibleKg"] = plausibleKg,
                    ["packedKg"] = totalKg,
                },
            })
            : Decision.Accept(new LotYieldFlagged(packedOn.Year, hectares, plausibleKg, totalKg, now));
    }

    private static PlausibleYields Load()
    {
        const string name = "HaiDuong.Agri.Domain.Compliance.Yields.plausible-yields.json";
        using var stream = typeof(CodeBorrowing).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing.");
        return JsonSerializer.Deserialize<PlausibleYields>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"The resource {name} is empty.");
    }
}
