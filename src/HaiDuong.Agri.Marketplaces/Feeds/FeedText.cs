using System.Globalization;
using System.Text;
using System.Xml;

namespace HaiDuong.Agri.Marketplaces.Feeds;

/// <summary>Text clean-up shared by the feed writers.</summary>
internal static class FeedText
{
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

/// <summary>
/// Where a feed writer writes: a buffer in memory, passed on to the real output in chunks of about 32 KB. The writers
/// write synchronously (several times faster than an async write per element) while the feed still streams out and
/// memory stays at about one chunk, however many items there are.
/// </summary>
internal sealed class FeedChunks(Stream output) : IDisposable
{
    private const int ChunkBytes = 32 * 1024;
    private const int ItemsBetweenChecks = 32;
    private int items;

    public MemoryStream Buffer { get; } = new(ChunkBytes * 2);

    /// <summary>After each item: every few items, flushes the writer and passes the buffer on once a chunk is full.</summary>
    public async ValueTask ItemWrittenAsync(Action flushWriter, CancellationToken cancellationToken)
    {
        if (++items % ItemsBetweenChecks != 0)
        {
            return;
        }

        flushWriter();
        if (Buffer.Length >= ChunkBytes)
        {
            await PassOnAsync(cancellationToken);
        }
    }

    public async ValueTask EndAsync(Action flushWriter, CancellationToken cancellationToken)
    {
        flushWriter();
        await PassOnAsync(cancellationToken);
    }

    public void Dispose() => Buffer.Dispose();

    private async ValueTask PassOnAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(Buffer.GetBuffer().AsMemory(0, (int)Buffer.Length), cancellationToken);
        Buffer.SetLength(0);
    }
}
