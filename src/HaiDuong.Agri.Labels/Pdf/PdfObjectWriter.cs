using System.IO.Compression;

namespace HaiDuong.Agri.Labels.Pdf;

/// <summary>
/// Writes a PDF file object by object, front to back: every object goes to a pending buffer that is handed to the
/// output stream once it holds <see cref="FlushThreshold"/> bytes, and only the byte offset of each object is kept
/// for the cross-reference table. Objects may be written in any order after their numbers are reserved.
/// </summary>
internal sealed class PdfObjectWriter : IDisposable
{
    private const int FlushThreshold = 128 * 1024;

    private readonly Stream _output;
    private readonly ByteBuffer _pending = new(FlushThreshold + (64 * 1024));
    private readonly List<long> _offsets = [0];
    private readonly MemoryStream _deflated = new();
    private long _flushed;

    /// <summary>A comment of bytes above 127 on the second line tells file-transfer tools the file is binary.</summary>
    private static ReadOnlySpan<byte> BinaryComment => [(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n'];

    public PdfObjectWriter(Stream output)
    {
        _output = output;
        _pending.Append("%PDF-1.7\n"u8).Append(BinaryComment);
    }

    /// <summary>Bytes produced so far, flushed or not.</summary>
    public long Position => _flushed + _pending.Length;

    /// <summary>Reserves the next object number; the object must be written before <see cref="FinishAsync"/>.</summary>
    public int Reserve()
    {
        _offsets.Add(-1);
        return _offsets.Count - 1;
    }

    /// <summary>Starts object <paramref name="number"/> ("n 0 obj") and returns the buffer to write its body into.</summary>
    public ByteBuffer BeginObject(int number)
    {
        if (_offsets[number] >= 0)
        {
            throw new InvalidOperationException($"PDF object {number} was written twice.");
        }

        _offsets[number] = Position;
        return _pending.AppendInteger(number).Append(" 0 obj\n"u8);
    }

    public void EndObject() => _pending.Append("\nendobj\n"u8);

    /// <summary>
    /// Starts a stream object: writes "n 0 obj" and "&lt;&lt;"; the caller adds its own dictionary entries, then calls
    /// <see cref="EndStreamObject"/>, which adds /Length (and /Filter when compressing) and the data.
    /// </summary>
    public ByteBuffer BeginStreamObject(int number) => BeginObject(number).Append("<<"u8);

    /// <param name="data">The stream's bytes.</param>
    /// <param name="zlibLevel">1 (fastest) to 9 (smallest) to Flate-compress the data, null to store it as it is.</param>
    public void EndStreamObject(ReadOnlySpan<byte> data, int? zlibLevel)
    {
        if (zlibLevel is { } level)
        {
            _deflated.SetLength(0);
            using (var zlib = new ZLibStream(_deflated, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            {
                zlib.Write(data);
            }

            data = _deflated.GetBuffer().AsSpan(0, (int)_deflated.Length);
            _pending.Append(" /Filter /FlateDecode"u8);
        }

        _pending.Append(" /Length "u8).AppendInteger(data.Length).Append(">>\nstream\n"u8);
        _pending.Append(data);
        _pending.Append("\nendstream\nendobj\n"u8);
    }

    /// <summary>Hands the pending bytes to the output when enough have gathered.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        return _pending.Length >= FlushThreshold ? new ValueTask(FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    /// <summary>Writes the cross-reference table and trailer, then flushes everything to the output.</summary>
    public async Task FinishAsync(int root, int info, CancellationToken cancellationToken)
    {
        var xref = Position;
        var count = _offsets.Count;
        _pending.Append("xref\n0 "u8).AppendInteger(count).AppendByte((byte)'\n');
        _pending.Append("0000000000 65535 f\r\n"u8);
        for (var number = 1; number < count; number++)
        {
            var offset = _offsets[number];
            if (offset < 0)
            {
                throw new InvalidOperationException($"PDF object {number} was reserved but never written.");
            }

            _pending.AppendPadded(offset, 10).Append(" 00000 n\r\n"u8);
            if (_pending.Length >= FlushThreshold)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _pending.Append("trailer\n<< /Size "u8).AppendInteger(count)
            .Append(" /Root "u8).AppendInteger(root).Append(" 0 R /Info "u8).AppendInteger(info).Append(" 0 R >>\n"u8)
            .Append("startxref\n"u8).AppendInteger(xref).Append("\n%%EOF\n"u8);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _pending.Dispose();
        _deflated.Dispose();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await _output.WriteAsync(_pending.Memory, cancellationToken).ConfigureAwait(false);
        _flushed += _pending.Length;
        _pending.Clear();
    }
}
