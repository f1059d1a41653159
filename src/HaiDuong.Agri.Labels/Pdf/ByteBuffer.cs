using System.Buffers;
using System.Globalization;

namespace HaiDuong.Agri.Labels.Pdf;

/// <summary>
/// A growable byte buffer rented from the shared pool, with the few writers a PDF needs: ASCII text,
/// integers and short decimals in invariant form, hex strings. Reused across pages: <see cref="Clear"/> keeps the array.
/// </summary>
internal sealed class ByteBuffer : IDisposable
{
    private byte[] _bytes;
    private int _length;

    public ByteBuffer(int initialCapacity = 64 * 1024)
    {
        _bytes = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public void Dispose()
    {
        var bytes = _bytes;
        _bytes = [];
        _length = 0;
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public ByteBuffer Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
        return this;
    }

    public ByteBuffer AppendByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
        return this;
    }

    /// <summary>Appends text that is ASCII by construction (PDF names, keywords); other characters become '?'.</summary>
    public ByteBuffer AppendAscii(string text)
    {
        var span = Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            span[i] = c < 128 ? (byte)c : (byte)'?';
        }

        _length += text.Length;
        return this;
    }

    public ByteBuffer AppendInteger(long value)
    {
        var span = Reserve(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Appends a number with at most <paramref name="decimals"/> decimals (0–6), without trailing zeros.</summary>
    public ByteBuffer AppendNumber(double value, int decimals = 3)
    {
        var scale = Pow10[decimals];
        var scaled = Math.Round(value * scale, MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled) || Math.Abs(scaled) > 9e15)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Not a number a PDF can hold.");
        }

        var whole = (long)scaled;
        if (whole < 0)
        {
            AppendByte((byte)'-');
            whole = -whole;
        }

        var integerPart = whole / (long)scale;
        var fraction = whole % (long)scale;
        AppendInteger(integerPart);
        if (fraction != 0)
        {
            var digits = decimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            var span = Reserve(digits + 1);
            span[0] = (byte)'.';
            for (var i = digits; i >= 1; i--)
            {
                span[i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            _length += digits + 1;
        }

        return this;
    }

    /// <summary>Appends a 2-byte big-endian value as 4 upper-case hex digits (a glyph id in a hex string).</summary>
    public ByteBuffer AppendHex4(int value)
    {
        var span = Reserve(4);
        span[0] = HexDigits[(value >> 12) & 0xF];
        span[1] = HexDigits[(value >> 8) & 0xF];
        span[2] = HexDigits[(value >> 4) & 0xF];
        span[3] = HexDigits[value & 0xF];
        _length += 4;
        return this;
    }

    /// <summary>Appends <paramref name="value"/> as exactly <paramref name="width"/> decimal digits, zero-padded (xref offsets).</summary>
    public ByteBuffer AppendPadded(long value, int width)
    {
        var span = Reserve(width);
        for (var i = width - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        _length += width;
        return this;
    }

    /// <summary>A span of at least <paramref name="count"/> free bytes at the end; call <see cref="Advance"/> after filling it.</summary>
    public Span<byte> GetSpan(int count) => Reserve(count);

    public void Advance(int count) => _length += count;

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length)
        {
            Grow(_length + count);
        }

        return _bytes.AsSpan(_length);
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length * 2));
        _bytes.AsSpan(0, _length).CopyTo(larger);
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }

        _bytes = larger;
    }

    private static readonly double[] Pow10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;
}
