using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>
/// A one-time code a cooperative prints on a household's sign-in card. Looked up by its hash; the code itself is kept
/// sealed (ASP.NET Data Protection) only so the card can be printed again until the code is used.
/// </summary>
public sealed class SignInCode
{
    public Guid Id { get; init; }

    public Guid HouseholdId { get; init; }

    public required string CodeHash { get; init; }

    public required string SealedCode { get; init; }

    public required string CreatedBy { get; init; }

    public Instant CreatedAt { get; init; }

    public Instant ExpiresAt { get; init; }

    public Instant? RedeemedAt { get; set; }
}

/// <summary>
/// Codes are 16 characters of Crockford's base 32 (80 bits from the operating system's cryptographic source), shown in
/// four groups: no I, L, O or U, so what is typed from a card is read back the same; case, spaces and dashes do not matter.
/// </summary>
public static class SignInCodeText
{
    public const int Length = 16;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(Length, bytes.ToArray(), (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }

    public static string Display(string code) => string.Join('-', Enumerable.Range(0, Length / 4).Select(i => code.Substring(i * 4, 4)));

    /// <summary>The code as generated, from what a person typed; null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 40)
        {
            return null;
        }

        var chars = new List<char>(Length);
        foreach (var c in typed.ToUpperInvariant())
        {
            var mapped = c switch
            {
                '-' or ' ' => '\0',
                'O' => '0',
                'I' or 'L' => '1',
                _ => c,
            };
            if (mapped == '\0')
            {
                continue;
            }

            if (!Alphabet.Contains(mapped, StringComparison.Ordinal))
            {
                return null;
            }

            chars.Add(mapped);
        }

        return chars.Count == Length ? new string([.. chars]) : null;
    }
}

/// <summary>Seals sign-in codes for reprinting their card; only the code's hash is ever looked up.</summary>
public sealed class SignInCodeSeal(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("HaiDuong.Agri.SignInCodes.v1");

    public string Seal(string code) => protector.Protect(code);

    public string Open(string sealedCode) => protector.Unprotect(sealedCode);
}
