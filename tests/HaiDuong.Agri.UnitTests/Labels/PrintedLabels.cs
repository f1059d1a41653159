using System.Globalization;
using System.Text.RegularExpressions;

namespace HaiDuong.Agri.UnitTests.Labels;

/// <summary>
/// Reads label sheets back label by label: pdftotext on a crop of each label, and the serial printed under the call to
/// action. Shared with the integration tests, which cannot see the label geometry: a page is taken to be columns × rows
/// of equal labels edge to edge, as our templates are.
/// </summary>
internal static partial class PrintedLabels
{
    public const string CallToAction = "Quét mã để truy xuất";

    /// <summary>The text of every label of page <paramref name="page"/> (1-based), row by row from the top left, white space runs made one space.</summary>
    public static List<string> Texts(string pdf, int page, int columns, int rows)
    {
        var pageText = page.ToString(CultureInfo.InvariantCulture);
        var size = PageSize().Match(Poppler.Run("pdfinfo", "-f", pageText, "-l", pageText, pdf));
        var width = double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture) / columns;
        var height = double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture) / rows;

        // Crop rectangles in pixels at 720 dpi (tenths of a point).
        const double scale = 10;
        static string Pixels(double points) => ((int)Math.Round(points * scale)).ToString(CultureInfo.InvariantCulture);
        var texts = new List<string>();
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var text = Poppler.Run(
                    "pdftotext", "-f", pageText, "-l", pageText, "-r", "720",
                    "-x", Pixels(column * width), "-y", Pixels(row * height), "-W", Pixels(width), "-H", Pixels(height), pdf, "-");
                texts.Add(WhiteSpace().Replace(text, " ").Trim());
            }
        }

        return texts;
    }

    /// <summary>
    /// The serial a label's text shows after the call to action, with the spaces that group it for reading taken out;
    /// null when the call to action is missing.
    /// </summary>
    public static string? Serial(string labelText)
    {
        var at = labelText.IndexOf(CallToAction, StringComparison.Ordinal);
        return at < 0 ? null : WhiteSpace().Replace(labelText[(at + CallToAction.Length)..], string.Empty);
    }

    [GeneratedRegex(@"size:\s+([\d.]+) x ([\d.]+) pts")]
    private static partial Regex PageSize();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
