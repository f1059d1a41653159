using System.Security.Cryptography;

namespace HaiDuong.Agri.Domain.Gs1;

/// <summary>
/// Stamp serials: 85 bits from the operating system's cryptographic source, written as 17 characters of Crockford's
/// base 32 (digits and upper-case letters without I, L, O, U: readable, URI-safe, inside GS1's set for AI 21).
/// </summary>
public static class Serials
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 17;
    public const int Bits = Length * 5;

    public static string New() => Encode(RandomNumberGenerator.GetBytes(11), Length);

    /// <summary>A short readable suffix (for generated lot codes): 4 characters, 20 bits.</summary>
    public static string Short() => Encode(RandomNumberGenerator.GetBytes(3), 4);

    /// <summary>The first <paramref name="characters"/> × 5 bits of <paramref name="bytes"/> in Crockford base 32.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, int characters)
    {
        if (bytes.Length * 8 < characters * 5)
        {
            throw new ArgumentException("Not enough random bytes for the length asked.", nameof(bytes));
        }

        Span<char> text = stackalloc char[characters];
        for (var i = 0; i < characters; i++)
        {
            var bit = i * 5;
            var pair = (bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0);
            text[i] = Alphabet[(pair >> (11 - (bit % 8))) & 31];
        }

        return new string(text);
    }
}
