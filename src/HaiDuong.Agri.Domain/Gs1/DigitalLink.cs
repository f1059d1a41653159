namespace HaiDuong.Agri.Domain.Gs1;

/// <summary>GS1 Digital Link URIs and the character set of GS1 application identifiers 10 (lot) and 21 (serial).</summary>
public static class DigitalLink
{
    public const int MaxAiLength = 20;

    /// <summary>GS1's 82-character set (AI encodable character set 82) allowed in AI 10 and AI 21 values.</summary>
    public const string Set82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    public static bool IsAiValue(string? value) =>
        value is { Length: > 0 and <= MaxAiLength } && value.All(c => Set82.Contains(c, StringComparison.Ordinal));

    /// <summary><c>{base}/01/{gtin14}/10/{lot}</c>: the lot's link.</summary>
    public static string ForLot(string baseUrl, string gtin14, string lot) =>
        $"{baseUrl.TrimEnd('/')}/01/{gtin14}/10/{Uri.EscapeDataString(lot)}";

    /// <summary><c>{base}/01/{gtin14}/10/{lot}/21/{serial}</c>: one unit's link, reserved characters percent-encoded.</summary>
    public static string ForUnit(string baseUrl, string gtin14, string lot, string serial) =>
        $"{ForLot(baseUrl, gtin14, lot)}/21/{Uri.EscapeDataString(serial)}";
}
