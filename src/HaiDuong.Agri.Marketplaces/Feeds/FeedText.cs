using System.Globalization;
using System.Text;
using System.Xml;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>Text clean-up shared by the feed writers.</summary>
internal static class FeedText
{
    /// <summary>Rows written between flushes: the consumer starts receiving early, without a flush per row.</summary>
    public const int FlushEvery = 100;

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="max"/> UTF-16 characters at a grapheme boundary, so a
    /// surrogate pair or a letter with its combining marks (ề written as e + ̂ + ̀) is never split.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > max)
            {
                break;
            }

            end = next;
        }

        return text[..end];
    }

    /// <summary>Drops what XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF); valid pairs stay.</summary>
    public static string XmlSafe(string text)
    {
        StringBuilder? clean = null; // allocated only when something has to go
        for (var i = 0; i < text.Length; i++)
        {
            var pair = i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]);
            var keep = pair || XmlConvert.IsXmlChar(text[i]);
            if (!keep && clean is null)
            {
                clean = new StringBuilder(text.Length).Append(text, 0, i);
            }
            else if (keep)
            {
                clean?.Append(text, i, pair ? 2 : 1);
            }

            i += pair ? 1 : 0;
        }

        return clean?.ToString() ?? text;
    }

    /// <summary>One line of a delimited file: tabs and line breaks become spaces, then XML-unsafe characters go too.</summary>
    public static string OneLine(string? text) =>
        text is null ? "" : XmlSafe(text).Replace('\t', ' ').Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');

    public static string Price(long vnd) => string.Create(CultureInfo.InvariantCulture, $"{vnd} VND");
}
