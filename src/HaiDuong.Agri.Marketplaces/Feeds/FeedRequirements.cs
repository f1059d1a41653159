using System.Globalization;
using Gs1Gtin = HaiDuong.Agri.Domain.Gs1.Gtin;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>An attribute a merchant centre requires that an item lacks, or carries in a form the merchant centre refuses.</summary>
public sealed record FeedProblem(string Attribute, string Reason);

/// <summary>
/// The checks behind <see cref="GoogleMerchantFeed.Problems"/> and <see cref="MetaCatalogFeed.Problems"/>: an item with any
/// problem is left out of that feed (never sent broken), and the problems say why.
/// </summary>
internal sealed class FeedRequirements(string feed)
{
    public const int MaxUrl = 2000;

    private const string Restricted =
        "the GTIN is a restricted circulation number (GS1 prefix 02, 04 or 2, for use inside one company or country), which Google refuses.";

    public List<FeedProblem> Problems { get; } = [];

    /// <summary>Free text that must say something once cleaned for the feed; at most <paramref name="max"/> characters when given (else it is cut).</summary>
    public FeedRequirements Text(string attribute, string? value, int? max = null)
    {
        var clean = FeedText.XmlSafe(value ?? "").Trim();
        if (clean.Length == 0)
        {
            Problems.Add(new FeedProblem(attribute, $"{feed} requires {attribute}; the listing has none."));
        }
        else if (clean.Length > max)
        {
            Problems.Add(new FeedProblem(attribute, $"{feed} allows at most {max} characters in {attribute}; it has {clean.Length}."));
        }

        return this;
    }

    /// <summary>An absolute http(s) address of at most 2,000 characters.</summary>
    public FeedRequirements Url(string attribute, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Problems.Add(new FeedProblem(attribute, $"{feed} requires {attribute}; the listing has none."));
        }
        else if (value.Length > MaxUrl || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Problems.Add(new FeedProblem(attribute, $"{feed} requires {attribute} to be an absolute http(s) address of at most {MaxUrl} characters."));
        }

        return this;
    }

    public FeedRequirements Price(long vnd)
    {
        if (vnd <= 0)
        {
            Problems.Add(new FeedProblem("price", $"{feed} requires a price above 0."));
        }

        return this;
    }

    /// <summary>A GTIN: 8, 12, 13 or 14 digits with a correct check digit; with <paramref name="ranges"/> also outside the GS1 ranges Google refuses.</summary>
    public FeedRequirements Gtin(string? value, bool ranges)
    {
        if (GtinProblem(value, ranges) is { } reason)
        {
            Problems.Add(new FeedProblem("gtin", $"{feed}: {reason}"));
        }

        return this;
    }

    /// <summary>Why <paramref name="value"/> is no GTIN a merchant centre takes, or null when it is one.</summary>
    public static string? GtinProblem(string? value, bool ranges)
    {
        if (Gs1Gtin.ToGtin14(value, out var error) is not { } gtin14)
        {
            return error;
        }

        if (!ranges)
        {
            return null;
        }

        if (gtin14.All(c => c == '0'))
        {
            return "a GTIN of zeros identifies nothing.";
        }

        // A GTIN-8 sits in 14 digits behind six zeros; its restricted circulation numbers start with 0 or 2.
        if (gtin14.StartsWith("000000", StringComparison.Ordinal))
        {
            return gtin14[6] is '0' or '2' ? Restricted : null;
        }

        var prefix = int.Parse(gtin14.AsSpan(1, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        return prefix switch
        {
            (>= 20 and <= 29) or (>= 40 and <= 49) or (>= 200 and <= 299) => Restricted,
            (>= 50 and <= 59) or (>= 981 and <= 984) or (>= 990 and <= 999) => "the GTIN is in a GS1 coupon range (prefix 05, 981–984 or 99), which Google refuses.",
            _ => null,
        };
    }
}
