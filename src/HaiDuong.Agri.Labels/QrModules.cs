using System.Collections;
using SkiaSharp;

namespace HaiDuong.Agri.Labels;

/// <summary>
/// Draws a QR code's module matrix (quiet zone included, row 0 at the top) as a greyscale image of one pixel per module,
/// sampled nearest-neighbour so every module stays a sharp square. The pixel buffer is reused from code to code.
/// </summary>
internal sealed class QrModules
{
    private const byte Dark = 0;
    private const byte Light = 255;
    private static readonly SKSamplingOptions Crisp = new(SKFilterMode.Nearest, SKMipmapMode.None);

    private byte[] _pixels = new byte[64 * 64];
    private int[] _rowBits = new int[4];

    /// <summary>Draws <paramref name="matrix"/> into the square <paramref name="target"/> of <paramref name="canvas"/>.</summary>
    public void Draw(SKCanvas canvas, List<BitArray> matrix, SKRect target)
    {
        var size = matrix.Count;
        var words = (size + 31) / 32;
        if (_pixels.Length < size * size)
        {
            _pixels = new byte[size * size];
        }

        if (_rowBits.Length < words)
        {
            _rowBits = new int[words];
        }

        var pixels = _pixels.AsSpan(0, size * size);
        var bits = _rowBits;
        for (var row = 0; row < size; row++)
        {
            matrix[row].CopyTo(bits, 0);
            var line = pixels.Slice(row * size, size);
            for (var column = 0; column < size; column++)
            {
                line[column] = (bits[column >> 5] & (1 << (column & 31))) != 0 ? Dark : Light;
            }
        }

        using var image = SKImage.FromPixelCopy(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque), pixels)
            ?? throw new InvalidOperationException("SkiaSharp could not make the QR code image.");
        canvas.DrawImage(image, target, Crisp);
    }
}
