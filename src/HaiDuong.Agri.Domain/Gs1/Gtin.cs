namespace HaiDuong.Agri.Domain.Gs1;

/// <summary>GS1 Global Trade Item Numbers: 8, 12, 13 or 14 digits with a mod-10 check digit, stored as GTIN-14.</summary>
public static class Gtin
{
    /// <summary>Vietnam's GS1 company prefixes start with 893.</summary>
    public const string VietnamPrefix = "893";

    /// <summary>The shape <see cref="ToGtin14"/> accepts before it checks the check digit: 8, 12, 13 or 14 digits.</summary>
    public const string Pattern = "^(?:[0-9]{8}|[0-9]{12,14})$";

    /// <summary>
    /// The check digit for the data digits (all but the check digit): weights 3, 1, 3, 1… from the rightmost data digit
    /// leftwards; check = (10 − sum mod 10) mod 10.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> dataDigits)
    {
        var sum = 0;
        for (var i = 0; i < dataDigits.Length; i++)
        {
            var digit = dataDigits[dataDigits.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>The GTIN-14 for a valid GTIN-8/12/13/14 (left-padded with zeros), or null with the reason it is not one.</summary>
    public static string? ToGtin14(string? value, out string? error)
    {
        error = value switch
        {
            null or "" => "A GTIN is required.",
            _ when !value.All(char.IsAsciiDigit) => "A GTIN is made of digits only.",
            _ when value.Length is not (8 or 12 or 13 or 14) => "A GTIN has 8, 12, 13 or 14 digits.",
            _ when CheckDigit(value.AsSpan(0, value.Length - 1)) != value[^1] - '0' =>
                $"The check digit is wrong: for {value[..^1]} it is {CheckDigit(value.AsSpan(0, value.Length - 1))}.",
            _ => null,
        };
        return error is null ? value!.PadLeft(14, '0') : null;
    }
}
