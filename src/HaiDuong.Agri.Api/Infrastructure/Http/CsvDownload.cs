using System.Globalization;
using System.Text;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>The language of a download's column headers and labels: Vietnamese unless <c>?lang=en</c>.</summary>
public enum CsvLanguage
{
    Vi,
    En,
}

/// <summary>A spreadsheet as sent: its file name (may hold Vietnamese letters) and its text.</summary>
public sealed record CsvFile(string FileName, string Text);

/// <summary>
/// CSV for spreadsheets (RFC 4180: a header row, CRLF line ends, fields quoted when they must be), sent as an attachment:
/// UTF-8 with a byte order mark (so spreadsheet programs read Vietnamese as such) and a file name both as ASCII
/// (<c>filename</c>, the letters without their marks) and as UTF-8 (<c>filename*</c>, RFC 6266).
/// </summary>
public static class CsvDownload
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary><c>vi</c> (the default) or <c>en</c>, with or without a region (<c>vi-VN</c>); null when it is neither.</summary>
    public static CsvLanguage? Language(string? lang) =>
        string.IsNullOrEmpty(lang) ? CsvLanguage.Vi
        : lang.Split('-', 2)[0].ToLowerInvariant() switch
        {
            "vi" => CsvLanguage.Vi,
            "en" => CsvLanguage.En,
            _ => null,
        };

    public static void ValidateLanguage(Validation.Validator v, string? lang)
    {
        if (Language(lang) is null)
        {
            v.Fail("lang", "Must be vi (Vietnamese, the default) or en (English).");
        }
    }

    /// <summary>The rows as CSV text: each field quoted when it holds a comma, a quote or a line break.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                csv.Append(i == 0 ? "" : ",").Append(Field(row[i]));
            }

            csv.Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// A field as RFC 4180 writes it: quoted, with its quotes doubled, when it holds a comma, a quote or a line break. Text a
    /// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe.
    /// </summary>
    public static string Field(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The answer: the file as an attachment named <paramref name="file"/>'s name.</summary>
    public static IResult Answer(CsvFile file, HttpContext http)
    {
        http.Response.Headers.ContentDisposition = ContentDisposition(file.FileName);
        return Results.Bytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(file.Text)], ContentType);
    }

    /// <summary><c>attachment; filename="thong-ke.csv"; filename*=UTF-8''th%E1%BB%91ng-k%C3%AA.csv</c>.</summary>
    public static string ContentDisposition(string fileName) =>
        $"attachment; filename=\"{AsciiFileName(fileName)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";

    /// <summary>The name with Vietnamese letters written without their marks (đ as d), anything else outside ASCII letters, digits, '-', '_' and '.' as '-'.</summary>
    public static string AsciiFileName(string fileName)
    {
        var ascii = new StringBuilder(fileName.Length);
        foreach (var c in fileName.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            ascii.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return ascii.ToString();
    }
}
