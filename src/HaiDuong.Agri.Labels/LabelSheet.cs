using HaiDuong.Agri.Labels.Fonts;
using HaiDuong.Agri.Labels.Pdf;
using QRCoder;

namespace HaiDuong.Agri.Labels;

/// <summary>What one label carries of its own: the text its QR code encodes and the serial printed in letters.</summary>
/// <param name="Payload">The QR code's text, e.g. the stamp's GS1 Digital Link URI.</param>
/// <param name="Serial">
/// The stamp's serial as issued (e.g. the 17 characters after <c>/21/</c> in the URI, not percent-encoded), printed under
/// "Quét mã để truy xuất" so a label whose code will not scan can still be told apart; at most
/// <see cref="LabelSheet.MaxSerialLength"/> characters.
/// </param>
public readonly record struct StampLabel(string Payload, string Serial);

/// <summary>Writes sheets of QR stamp labels as PDF.</summary>
public static class LabelSheet
{
    /// <summary>The longest serial a label prints (GS1 allows 20 characters in AI 21).</summary>
    public const int MaxSerialLength = 32;

    /// <summary>
    /// Writes one PDF with one label per item (its payload encoded in the label's QR code, ECC level Q, and its serial
    /// printed under the call to action), streaming: each page is written to <paramref name="output"/> as soon as its
    /// labels have arrived, and nothing of it is kept afterwards. An empty sequence gives a valid PDF with one blank page.
    /// The output is flushed, not closed. Returns the number of labels written.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A payload is empty or too long for a QR code, or a serial is empty or longer than <see cref="MaxSerialLength"/>.
    /// </exception>
    public static async Task<int> WriteAsync(
        Stream output,
        LabelTemplate template,
        LabelFace face,
        IAsyncEnumerable<StampLabel> labels,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(face.CertificationMarks);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        using var sheet = new SheetWriter(output, LabelGeometry.For(template), face);
        await foreach (var label in labels.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await sheet.AddLabelAsync(label, cancellationToken).ConfigureAwait(false);
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

        /// <summary>Characters per group when the serial is printed for reading.</summary>
        private const int SerialGroup = 4;

        /// <summary>How much smaller than its slot's size a grouped serial may be set before it is printed ungrouped.</summary>
        private const double SerialGroupedShrink = 0.9;

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
        private LabelFaceLayout.SerialSlot _serialSlot;
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

        public async ValueTask AddLabelAsync(StampLabel label, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(label.Payload))
            {
                throw new ArgumentException($"Payload {LabelCount + 1} is empty.", nameof(label));
            }

            if (string.IsNullOrEmpty(label.Serial) || label.Serial.Length > MaxSerialLength)
            {
                throw new ArgumentException(
                    $"Serial {LabelCount + 1} is {(string.IsNullOrEmpty(label.Serial) ? "empty" : $"longer than {MaxSerialLength} characters")}.",
                    nameof(label));
            }

            AppendLabel(label, _labelsOnPage);
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
            _serialSlot = LabelFaceLayout.Write(_content, face, _geometry, _regular, _bold);
            _writer.BeginStreamObject(_faceForm)
                .Append(" /Type /XObject /Subtype /Form /BBox [0 0 "u8).AppendNumber(_geometry.LabelWidth)
                .AppendByte((byte)' ').AppendNumber(_geometry.LabelHeight)
                .Append("] /Resources << /Font << /"u8).AppendAscii(_regular.ResourceName).AppendByte((byte)' ')
                .AppendInteger(_regular.ObjectNumber).Append(" 0 R /"u8).AppendAscii(_bold.ResourceName).AppendByte((byte)' ')
                .AppendInteger(_bold.ObjectNumber).Append(" 0 R >> >>"u8);
            _writer.EndStreamObject(_content.Span, 9);
            _content.Clear();

            _writer.BeginObject(_resources).Append("<< /XObject << /L "u8).AppendInteger(_faceForm)
                .Append(" 0 R >> /Font << /"u8).AppendAscii(_regular.ResourceName).AppendByte((byte)' ').AppendInteger(_regular.ObjectNumber)
                .Append(" 0 R >> >>"u8);
            _writer.EndObject();
        }

        /// <summary>
        /// Appends one label to the page content: the face form placed at the label's corner, the serial in its slot,
        /// then the QR code as one filled path of merged horizontal runs, in module units (row 0 at the top, the quiet
        /// zone included), its symbol on the geometry's box: left on the margin, centred vertically.
        /// </summary>
        private void AppendLabel(StampLabel label, int slot)
        {
            using var code = Encode(label.Payload);
            var matrix = code.ModuleMatrix;
            var size = matrix.Count;
            var (x, y) = _geometry.LabelOrigin(slot);
            var symbol = _geometry.QrSymbol(size);
            var quiet = symbol.Module * LabelGeometry.QuietModules;
            var content = _content;
            content.Append("q 1 0 0 1 "u8).AppendNumber(x).AppendByte((byte)' ').AppendNumber(y).Append(" cm /L Do\n"u8);
            AppendSerial(content, label.Serial);
            content.AppendNumber(symbol.Module, 5).Append(" 0 0 "u8).AppendNumber(-symbol.Module, 5).AppendByte((byte)' ')
                .AppendNumber(symbol.Left - quiet).AppendByte((byte)' ').AppendNumber(symbol.Bottom + symbol.Side + quiet)
                .Append(" cm\n"u8);

            QrPath.AppendModules(content, matrix, ref _rowBits);
            content.Append("f Q\n"u8);
        }

        /// <summary>
        /// The serial in the slot the face left for it, grouped by four ("ABCD EFGH JKLM NPQR S") when that fits at 90 %
        /// of the slot's size or more. The grouping is for reading only: the serial is the characters without the
        /// spaces, as in the QR code (and it copies out of the PDF with them). Without room for the spaces it is printed
        /// ungrouped, set smaller rather than cut if need be. Characters the font lacks print as '?'.
        /// </summary>
        private void AppendSerial(ByteBuffer content, string serial)
        {
            Span<char> grouped = stackalloc char[MaxSerialLength + (MaxSerialLength / SerialGroup)];
            var length = 0;
            for (var i = 0; i < serial.Length; i++)
            {
                if (i > 0 && i % SerialGroup == 0)
                {
                    grouped[length++] = ' ';
                }

                var c = serial[i];
                grouped[length++] = _regular.Font.GlyphId(c) != 0 && !char.IsSurrogate(c) && !char.IsWhiteSpace(c) ? c : '?';
            }

            var slot = _serialSlot;
            ReadOnlySpan<char> text = grouped[..length];
            var width = _regular.Measure(text, slot.Size);
            if (width * SerialGroupedShrink > slot.Width)
            {
                text = UngroupInPlace(grouped[..length]);
                width = _regular.Measure(text, slot.Size);
            }

            var size = width > slot.Width ? Math.Floor(slot.Size * slot.Width / width * 100) / 100 : slot.Size;
            content.Append("BT\n"u8);
            LabelFaceLayout.ShowLine(content, _regular, text, size, slot.Left, slot.Baseline);
            content.Append("ET\n"u8);
        }

        private static Span<char> UngroupInPlace(Span<char> grouped)
        {
            var length = 0;
            foreach (var c in grouped)
            {
                if (c != ' ')
                {
                    grouped[length++] = c;
                }
            }

            return grouped[..length];
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
