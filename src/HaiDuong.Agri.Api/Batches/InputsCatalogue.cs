using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Batches;
using Mediator;

namespace HaiDuong.Agri.Api.Batches;

/// <summary>A product a household can pick when recording an input; pesticides carry their pre-harvest interval.</summary>
public sealed record CatalogueInput(
    string Id, InputKind Kind, string ProductName, string? ActiveIngredient, int? PreHarvestIntervalDays, string DefaultUnit, IReadOnlyList<string> Crops);

public sealed record InputCatalogueList(IReadOnlyList<CatalogueInput> Items, string Source);

/// <summary>The inputs catalogue, filtered by kind and crop (a product listing no crops fits every crop).</summary>
public sealed record ListInputs(string? Kind, string? Crop) : IQuery<InputCatalogueList>;

/// <summary>The catalogue is data (<c>Batches/inputs-catalogue.json</c>, embedded), read once.</summary>
public sealed class InputsCatalogue
{
    private sealed record File(string Source, List<CatalogueInput> Items);

    private static readonly Lazy<File> Data = new(() =>
    {
        using var stream = typeof(InputsCatalogue).Assembly.GetManifestResourceStream("HaiDuong.Agri.Api.Batches.inputs-catalogue.json")
            ?? throw new InvalidOperationException("The inputs catalogue is not embedded.");
        return JsonSerializer.Deserialize<File>(stream, AgriJson.Options) ?? throw new InvalidOperationException("The inputs catalogue is empty.");
    });

    public static string Source => Data.Value.Source;

    public static IReadOnlyList<CatalogueInput> Items => Data.Value.Items;
}

public sealed class ListInputsHandler : IQueryHandler<ListInputs, InputCatalogueList>
{
    private static readonly string[] Kinds = [.. Enum.GetNames<InputKind>().Select(n => n.ToLowerInvariant())];

    public ValueTask<InputCatalogueList> Handle(ListInputs query, CancellationToken cancellationToken)
    {
        InputKind? kind = null;
        if (query.Kind is { } k)
        {
            kind = Kinds.Contains(k) && Enum.TryParse<InputKind>(k, ignoreCase: true, out var parsed)
                ? parsed
                : throw Problems.Malformed("kind", $"kind must be one of: {string.Join(", ", Kinds)}.");
        }

        if (query.Crop is { Length: > 100 })
        {
            throw Problems.Malformed("crop", "crop must be at most 100 characters.");
        }

        var crop = query.Crop?.Normalize(System.Text.NormalizationForm.FormC).Trim();
        var items = InputsCatalogue.Items
            .Where(i => kind is null || i.Kind == kind)
            .Where(i => string.IsNullOrEmpty(crop) || i.Crops.Count == 0 || i.Crops.Contains(crop, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return ValueTask.FromResult(new InputCatalogueList(items, InputsCatalogue.Source));
    }
}
