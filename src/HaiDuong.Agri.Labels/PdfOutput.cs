using System.Buffers;
using SkiaSharp;

namespace HaiDuong.Agri.Labels;

/// <summary>
/// A SkiaSharp PDF document over an in-memory buffer that the caller hands on to the real output asynchronously.
/// SkiaSharp writes synchronously, from native code, as each page ends; a response body must not be written
/// synchronously, so pages gather here and <see cref="DrainAsync"/> moves them out between pages.
/// </summary>
internal sealed class PdfOutput : IDisposable
{
    private readonly PendingBytes _pending = new();
    private readonly SKManagedWStream _stream;
    private bool _closed;

    public PdfOutput(string title)
    {
        _stream = new SKManagedWStream(_pending);
        var metadata = SKDocumentPdfMetadata.Default;
        if (title.Length > 0)
        {
            metadata.Title = title;
        }

        metadata.Producer = "HaiDuong.Agri.Labels";
        // 101 keeps images lossless (Flate); 100 and below would turn the QR images into JPEGs.
        metadata.EncodingQuality = 101;
        Document = SKDocument.CreatePdf(_stream, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not start a PDF document.");
    }

    public SKDocument Document { get; }

    /// <summary>Bytes written by SkiaSharp and not yet handed on.</summary>
    public int PendingLength => _pending.PendingLength;

    /// <summary>Writes what has gathered to <paramref name="output"/>.</summary>
    public ValueTask DrainAsync(Stream output, CancellationToken cancellationToken) => _pending.DrainAsync(output, cancellationToken);

    /// <summary>Ends the document (SkiaSharp writes the fonts, page tree and cross-reference table) and hands everything on.</summary>
    public async Task CloseAsync(Stream output, CancellationToken cancellationToken)
    {
        Document.Close();
        _closed = true;
        await _pending.DrainAsync(output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_closed)
        {
            // Without this, disposing an unfinished document would close it and write the rest of it.
            Document.Abort();
        }

        Document.Dispose();
        _stream.Dispose();
        _pending.Dispose();
    }

    /// <summary>
    /// A write-only stream over a pooled buffer. Its position counts every byte ever written, drained or not:
    /// SkiaSharp's cross-reference table takes object offsets from it.
    /// </summary>
    private sealed class PendingBytes : Stream
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        private int _length;
        private long _drained;

        public int PendingLength => _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _drained + _length;

        public override long Position
        {
            get => _drained + _length;
            set => throw new NotSupportedException();
        }

        public async ValueTask DrainAsync(Stream output, CancellationToken cancellationToken)
        {
            if (_length == 0)
            {
                return;
            }

            await output.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _drained += _length;
            _length = 0;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + buffer.Length, _buffer.Length * 2));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            buffer.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && _buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
                _length = 0;
            }

            base.Dispose(disposing);
        }
    }
}
