namespace HaiDuong.Agri.Labels;

/// <summary>The label stock a sheet is printed on.</summary>
public enum LabelTemplate
{
    /// <summary>A4 portrait, 3 columns × 8 rows of 70 × 37.125 mm labels, no margins ("a4-3x8").</summary>
    A4ThreeByEight,

    /// <summary>One 50 × 30 mm label per page, for thermal label printers ("thermal-50x30").</summary>
    Thermal50x30,
}

/// <summary>Names and sizes of the <see cref="LabelTemplate"/>s.</summary>
public static class LabelTemplates
{
    private const string A4ThreeByEightName = "a4-3x8";
    private const string Thermal50x30Name = "thermal-50x30";

    /// <summary>
    /// Parses a template name: "a4-3x8" (also when <paramref name="name"/> is null or empty) or "thermal-50x30",
    /// ignoring case and surrounding white space.
    /// </summary>
    public static bool TryParse(string? name, out LabelTemplate template)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || string.Equals(trimmed, A4ThreeByEightName, StringComparison.OrdinalIgnoreCase))
        {
            template = LabelTemplate.A4ThreeByEight;
            return true;
        }

        if (string.Equals(trimmed, Thermal50x30Name, StringComparison.OrdinalIgnoreCase))
        {
            template = LabelTemplate.Thermal50x30;
            return true;
        }

        template = default;
        return false;
    }

    /// <summary>The template's name as <see cref="TryParse"/> reads it.</summary>
    public static string Name(LabelTemplate template) => template switch
    {
        LabelTemplate.A4ThreeByEight => A4ThreeByEightName,
        LabelTemplate.Thermal50x30 => Thermal50x30Name,
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown label template."),
    };

    /// <summary>How many labels one page of the template holds: 24 and 1.</summary>
    public static int LabelsPerPage(LabelTemplate template) => template switch
    {
        LabelTemplate.A4ThreeByEight => 24,
        LabelTemplate.Thermal50x30 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown label template."),
    };
}
