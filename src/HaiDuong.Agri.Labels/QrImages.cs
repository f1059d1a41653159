using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using QRCoder;

namespace HaiDuong.Agri.Labels;

/// <summary>Single QR codes as images (ECC level Q, 4-module quiet zone), for screens and other printing software.</summary>
public static class QrImages
{
    public const int DefaultSize = 300;
    public const int MinSize = 64;
    public const int MaxSize = 2048;

    /// <summary>
    /// A square 1-bit greyscale PNG exactly <paramref name="sizePixels"/> wide (wider only when the code has more
    /// modules than that), with a whole number of pixels per module — as many as fit — centred on a white
    /// background of at least the 4-module quiet zone.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is empty, or too long for a QR code.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is outside [<see cref="MinSize"/>, <see cref="MaxSize"/>].</exception>
    public static byte[] Png(string payload, int sizePixels)
    {
        var matrix = Encode(payload, sizePixels);
        var modules = matrix.Count;
        var pixelsPerModule = Math.Max(1, sizePixels / modules);
        var side = Math.Max(sizePixels, modules);
        var margin = (side - (modules * pixelsPerModule)) / 2;
        var rowBytes = 1 + ((side + 7) / 8);

        // Every row starts with filter type 0 and is white (grey bit 1) until a module row is drawn over it.
        var raw = new byte[rowBytes * side];
        raw.AsSpan().Fill(0xFF);
        for (var y = 0; y < side; y++)
        {
            raw[y * rowBytes] = 0;
        }

        var whiteRow = raw.AsSpan(0, rowBytes).ToArray();
        var pixelRow = new byte[rowBytes];
        for (var moduleY = 0; moduleY < modules; moduleY++)
        {
            whiteRow.CopyTo(pixelRow, 0);
            var bits = matrix[moduleY];
            for (var moduleX = 0; moduleX < modules; moduleX++)
            {
                if (!bits[moduleX])
                {
                    continue;
                }

                var first = margin + (moduleX * pixelsPerModule);
                for (var x = first; x < first + pixelsPerModule; x++)
                {
                    pixelRow[1 + (x >> 3)] &= (byte)~(0x80 >> (x & 7));
                }
            }

            var firstRow = margin + (moduleY * pixelsPerModule);
            for (var y = firstRow; y < firstRow + pixelsPerModule; y++)
            {
                pixelRow.CopyTo(raw, y * rowBytes);
            }
        }

        return PngFile(side, raw);
    }

    /// <summary>
    /// An SVG of <paramref name="sizePixels"/> × <paramref name="sizePixels"/> whose viewBox counts modules (quiet zone
    /// included): a white background and one path of merged horizontal runs, drawn with crisp edges.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is empty, or too long for a QR code.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is outside [<see cref="MinSize"/>, <see cref="MaxSize"/>].</exception>
    public static string Svg(string payload, int sizePixels)
    {
        var matrix = Encode(payload, sizePixels);
        var modules = matrix.Count;
        var svg = new StringBuilder(4096);
        var size = sizePixels.ToString(CultureInfo.InvariantCulture);
        var count = modules.ToString(CultureInfo.InvariantCulture);
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(size)
            .Append("\" height=\"").Append(size).Append("\" viewBox=\"0 0 ").Append(count).Append(' ').Append(count)
            .Append("\" shape-rendering=\"crispEdges\"><rect width=\"").Append(count).Append("\" height=\"").Append(count)
            .Append("\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"");
        for (var row = 0; row < modules; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < modules)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < modules && bits[column])
                {
                    column++;
                }

                svg.Append(CultureInfo.InvariantCulture, $"M{start} {row}h{column - start}v1h-{column - start}z");
            }
        }

        return svg.Append("\"/></svg>").ToString();
    }

    private static List<BitArray> Encode(string payload, int sizePixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(payload);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePixels, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizePixels, MaxSize);
        try
        {
            using var code = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.Q);
            return code.ModuleMatrix;
        }
        catch (QRCoder.Exceptions.DataTooLongException exception)
        {
            throw new ArgumentException("The payload is too long for a QR code.", nameof(payload), exception);
        }
    }

    private static byte[] PngFile(int side, byte[] raw)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], side);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering (every row uses filter type 0)
        header[12] = 0; // not interlaced
        WriteChunk(file, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(file, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(file, "IEND"u8, []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream file, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        file.Write(type);
        file.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFF, type), data) ^ 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        file.Write(word);
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309 polynomial, reflected).</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = CreateTable();

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        private static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
