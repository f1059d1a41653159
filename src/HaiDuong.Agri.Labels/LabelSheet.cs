using HaiDuong.Agri.Labels.Fonts;
using HaiDuong.Agri.Labels.Pdf;
using QRCoder;

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
    /// The state of one PDF being written. Object numbers 1–6 are reserved up front (catalog, page tree root, info,
    /// shared page resources, the label face form, and the two fonts); the face form is written first, then each
    /// page (content stream + page object) as it fills, and the page-tree nodes, fonts, catalog and cross-reference
    /// table at the end. Pages hang below intermediate /Pages nodes of <see cref="PagesPerNode"/> kids.
    /// </summary>
    private sealed class SheetWriter : IDisposable
    {
        private const int PagesPerNode = 128;
        /// <summary>
        /// zlib level of the page content streams. Measured on 10,000 A4 labels: level 1 ≈ 1,520 bytes per label,
        /// 5 ≈ 620, 6 ≈ 600 but 0.3 s slower; page content is what costs beyond the QR encoding itself.
        /// </summary>
        private const int ContentCompression = 5;

        private readonly PdfObjectWriter _writer;
        private readonly LabelGeometry _geometry;
        private readonly QRCodeGenerator _generator = new();
        private readonly ByteBuffer _content = new(256 * 1024);
        private readonly int _catalog;
        private readonly int _pagesRoot;
        private readonly int _info;
        private readonly int _resources;
        private readonly int _faceForm;
        private readonly PdfFont _regular;
        private readonly PdfFont _bold;
        private readonly List<int> _pages = [];
        private readonly List<int> _pageNodes = [];
        private readonly string _title;
        private int[] _rowBits = QrPath.NewRowBuffer();
        private int _labelsOnPage;

        public SheetWriter(Stream output, LabelGeometry geometry, LabelFace face)
        {
            _writer = new PdfObjectWriter(output);
            _geometry = geometry;
            _catalog = _writer.Reserve();
            _pagesRoot = _writer.Reserve();
            _info = _writer.Reserve();
            _resources = _writer.Reserve();
            _faceForm = _writer.Reserve();
            _regular = new PdfFont(EmbeddedFonts.Regular, _writer.Reserve(), "F1");
            _bold = new PdfFont(EmbeddedFonts.Bold, _writer.Reserve(), "F2");
            _title = LabelFaceLayout.Clean(face.ProductName, _regular);
            WriteFaceForm(face);
        }

        public int LabelCount { get; private set; }

        public async ValueTask AddLabelAsync(string payload, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(payload))
            {
                throw new ArgumentException($"Payload {LabelCount + 1} is empty.", nameof(payload));
            }

            AppendLabel(payload, _labelsOnPage);
            LabelCount++;
            if (++_labelsOnPage == _geometry.LabelsPerPage)
            {
                WritePage();
                await _writer.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (_labelsOnPage > 0 || _pages.Count == 0)
            {
                WritePage();
            }

            WritePageTree();
            _regular.WriteObjects(_writer);
            _bold.WriteObjects(_writer);
            _writer.BeginObject(_catalog)
                .Append("<< /Type /Catalog /Pages "u8).AppendInteger(_pagesRoot)
                .Append(" 0 R /ViewerPreferences << /PrintScaling /None >> >>"u8);
            _writer.EndObject();
            var info = _writer.BeginObject(_info).Append("<< /Producer (HaiDuong.Agri.Labels)"u8);
            if (_title.Length > 0)
            {
                info.Append(" /Title <FEFF"u8);
                foreach (var c in _title)
                {
                    info.AppendHex4(c);
                }

                info.AppendByte((byte)'>');
            }

            info.Append(" >>"u8);
            _writer.EndObject();
            await _writer.FinishAsync(_catalog, _info, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _writer.Dispose();
            _content.Dispose();
            _generator.Dispose();
        }

        private void WriteFaceForm(LabelFace face)
        {
            _content.Clear();
            LabelFaceLayout.Write(_content, face, _geometry, _regular, _bold);
            _writer.BeginStreamObject(_faceForm)
                .Append(" /Type /XObject /Subtype /Form /BBox [0 0 "u8).AppendNumber(_geometry.LabelWidth)
                .AppendByte((byte)' ').AppendNumber(_geometry.LabelHeight)
                .Append("] /Resources << /Font << /"u8).AppendAscii(_regular.ResourceName).AppendByte((byte)' ')
                .AppendInteger(_regular.ObjectNumber).Append(" 0 R /"u8).AppendAscii(_bold.ResourceName).AppendByte((byte)' ')
                .AppendInteger(_bold.ObjectNumber).Append(" 0 R >> >>"u8);
            _writer.EndStreamObject(_content.Span, 9);
            _content.Clear();

            _writer.BeginObject(_resources).Append("<< /XObject << /L "u8).AppendInteger(_faceForm).Append(" 0 R >> >>"u8);
            _writer.EndObject();
        }

        /// <summary>
        /// Appends one label to the page content: the face form placed at the label's corner, then the QR code as
        /// one filled path of merged horizontal runs, in module units (row 0 at the top, the quiet zone included).
        /// </summary>
        private void AppendLabel(string payload, int slot)
        {
            using var code = Encode(payload);
            var matrix = code.ModuleMatrix;
            var size = matrix.Count;
            var (x, y) = _geometry.LabelOrigin(slot);
            var scale = _geometry.QrSide / size;
            var content = _content;
            content.Append("q 1 0 0 1 "u8).AppendNumber(x).AppendByte((byte)' ').AppendNumber(y)
                .Append(" cm /L Do "u8).AppendNumber(scale, 5).Append(" 0 0 "u8).AppendNumber(-scale, 5).AppendByte((byte)' ')
                .AppendNumber(_geometry.QrLeft).AppendByte((byte)' ').AppendNumber(_geometry.QrBottom + _geometry.QrSide)
                .Append(" cm\n"u8);

            QrPath.AppendModules(content, matrix, ref _rowBits);
            content.Append("f Q\n"u8);
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

        private void WritePage()
        {
            var index = _pages.Count;
            if (index % PagesPerNode == 0)
            {
                _pageNodes.Add(_writer.Reserve());
            }

            var page = _writer.Reserve();
            _pages.Add(page);
            var contents = 0;
            if (_content.Length > 0)
            {
                contents = _writer.Reserve();
                _writer.BeginStreamObject(contents);
                _writer.EndStreamObject(_content.Span, ContentCompression);
            }

            var dictionary = _writer.BeginObject(page)
                .Append("<< /Type /Page /Parent "u8).AppendInteger(_pageNodes[^1])
                .Append(" 0 R /MediaBox [0 0 "u8).AppendNumber(_geometry.PageWidth, 2).AppendByte((byte)' ')
                .AppendNumber(_geometry.PageHeight, 2).Append("] /Resources "u8).AppendInteger(_resources).Append(" 0 R"u8);
            if (contents != 0)
            {
                dictionary.Append(" /Contents "u8).AppendInteger(contents).Append(" 0 R"u8);
            }

            dictionary.Append(" >>"u8);
            _writer.EndObject();
            _content.Clear();
            _labelsOnPage = 0;
        }

        private void WritePageTree()
        {
            for (var node = 0; node < _pageNodes.Count; node++)
            {
                var first = node * PagesPerNode;
                var count = Math.Min(PagesPerNode, _pages.Count - first);
                var kids = _writer.BeginObject(_pageNodes[node])
                    .Append("<< /Type /Pages /Parent "u8).AppendInteger(_pagesRoot).Append(" 0 R /Count "u8).AppendInteger(count)
                    .Append(" /Kids ["u8);
                AppendReferences(kids, _pages, first, count);
                kids.Append("] >>"u8);
                _writer.EndObject();
            }

            var root = _writer.BeginObject(_pagesRoot)
                .Append("<< /Type /Pages /Count "u8).AppendInteger(_pages.Count).Append(" /Kids ["u8);
            AppendReferences(root, _pageNodes, 0, _pageNodes.Count);
            root.Append("] >>"u8);
            _writer.EndObject();
        }

        private static void AppendReferences(ByteBuffer buffer, List<int> numbers, int first, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer.Append(i % 16 == 0 && i > 0 ? "\n"u8 : (i > 0 ? " "u8 : []))
                    .AppendInteger(numbers[first + i]).Append(" 0 R"u8);
            }
        }
    }
}
