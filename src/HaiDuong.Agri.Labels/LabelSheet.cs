using HaiDuong.Agri.Labels.Fonts;
using QRCoder;
using SkiaSharp;

namespace HaiDuong.Agri.Labels;

/// <summary>Writes sheets of QR stamp labels as PDF.</summary>
public static class LabelSheet
{
    /// <summary>
    /// Writes one PDF with one label per payload (the payload is the GS1 Digital Link URI encoded in that label's
    /// QR code, ECC level Q), streaming: each page is written to <paramref name="output"/> as soon as its payloads
    /// have arrived, and nothing of it is kept afterwards. An empty sequence gives a valid PDF with one blank page.
    /// The output is flushed, not closed. Returns the number of labels written.
    /// </summary>
    /// <exception cref="ArgumentException">A payload is empty, or too long for a QR code.</exception>
    public static async Task<int> WriteAsync(
        Stream output,
        LabelTemplate template,
        LabelFace face,
        IAsyncEnumerable<string> payloads,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(payloads);
        ArgumentNullException.ThrowIfNull(face.CertificationMarks);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        using var sheet = new SheetWriter(output, LabelGeometry.For(template), face);
        await foreach (var payload in payloads.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await sheet.AddLabelAsync(payload, cancellationToken).ConfigureAwait(false);
        }

        await sheet.FinishAsync(cancellationToken).ConfigureAwait(false);
        return sheet.LabelCount;
    }

    /// <summary>
    /// The state of one PDF being written through SkiaSharp's PDF backend. The label face is recorded once as a picture
    /// and replayed at each label's corner; each QR code is drawn as an image of one pixel per module. SkiaSharp writes
    /// each page's content (and its QR images) as the page ends and keeps only small bookkeeping per page; the fonts,
    /// page tree and cross-reference table follow at the close.
    /// </summary>
    private sealed class SheetWriter : IDisposable
    {
        /// <summary>Pages gather in memory until this many bytes are pending, then go to the output.</summary>
        private const int DrainThreshold = 128 * 1024;

        private readonly Stream _output;
        private readonly PdfOutput _pdf;
        private readonly LabelGeometry _geometry;
        private readonly QRCodeGenerator _generator = new();
        private readonly QrModules _qr = new();
        private readonly SKPicture _face;
        private readonly SKRect _qrBox;
        private SKCanvas? _page;
        private int _pages;
        private int _labelsOnPage;

        public SheetWriter(Stream output, LabelGeometry geometry, LabelFace face)
        {
            _output = output;
            _geometry = geometry;
            _pdf = new PdfOutput(LabelFaceLayout.Clean(face.ProductName, EmbeddedFonts.Regular));
            _face = LabelFaceLayout.Record(face, geometry, EmbeddedFonts.Regular, EmbeddedFonts.Bold);
            var qrTop = geometry.LabelHeight - geometry.QrBottom - geometry.QrSide;
            _qrBox = SKRect.Create((float)geometry.QrLeft, (float)qrTop, (float)geometry.QrSide, (float)geometry.QrSide);
        }

        public int LabelCount { get; private set; }

        public async ValueTask AddLabelAsync(string payload, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(payload))
            {
                throw new ArgumentException($"Payload {LabelCount + 1} is empty.", nameof(payload));
            }

            using (var code = Encode(payload))
            {
                DrawLabel(code, _labelsOnPage);
            }

            LabelCount++;
            if (++_labelsOnPage == _geometry.LabelsPerPage)
            {
                EndPage();
                if (_pdf.PendingLength >= DrainThreshold)
                {
                    await _pdf.DrainAsync(_output, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (_page is not null || _pages == 0)
            {
                Page();
                EndPage();
            }

            await _pdf.CloseAsync(_output, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _pdf.Dispose();
            _face.Dispose();
            _generator.Dispose();
        }

        private SKCanvas Page() => _page ??= _pdf.Document.BeginPage((float)_geometry.PageWidth, (float)_geometry.PageHeight);

        /// <summary>The face replayed at the label's top-left corner, then the QR code in its square.</summary>
        private void DrawLabel(QRCodeData code, int slot)
        {
            var canvas = Page();
            var (x, y) = _geometry.LabelOrigin(slot);
            var top = _geometry.PageHeight - y - _geometry.LabelHeight;
            canvas.Save();
            canvas.Translate((float)x, (float)top);
            canvas.DrawPicture(_face);
            _qr.Draw(canvas, code.ModuleMatrix, _qrBox);
            canvas.Restore();
        }

        private QRCodeData Encode(string payload)
        {
            try
            {
                return _generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.Q);
            }
            catch (QRCoder.Exceptions.DataTooLongException exception)
            {
                throw new ArgumentException($"Payload {LabelCount + 1} is too long for a QR code.", nameof(payload), exception);
            }
        }

        private void EndPage()
        {
            _pdf.Document.EndPage();
            _page = null;
            _pages++;
            _labelsOnPage = 0;
        }
    }
}
