using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace HaiDuong.Agri.UnitTests.Labels;

/// <summary>
/// Reads QR codes back out of images the way a test can without a phone: SkiaSharp decodes the PNG into 32-bit
/// BGRA pixels, ZXing reads a (cropped) rectangle of them.
/// </summary>
internal sealed class QrDecoding : IDisposable
{
    private readonly SKBitmap _bitmap;

    private QrDecoding(SKBitmap bitmap)
    {
        _bitmap = bitmap;
    }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    public static QrDecoding Load(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png)) ?? throw new InvalidOperationException("SkiaSharp cannot read this image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var bitmap = SKBitmap.Decode(codec, info) ?? throw new InvalidOperationException("SkiaSharp could not decode the image.");
        return new QrDecoding(bitmap);
    }

    /// <summary>
    /// Decodes a whole image. <paramref name="pureBarcode"/> tells ZXing the image is nothing but the code on its
    /// quiet zone, which it needs to read codes drawn with one pixel per module.
    /// </summary>
    public static string? DecodePng(byte[] png, bool pureBarcode = false)
    {
        using var image = Load(png);
        return image.Decode(0, 0, image.Width, image.Height, pureBarcode);
    }

    /// <summary>The text of the QR code inside the given pixel rectangle, or null when none is found.</summary>
    public string? Decode(int left, int top, int width, int height, bool pureBarcode = false)
    {
        left = Math.Max(0, left);
        top = Math.Max(0, top);
        width = Math.Min(width, _bitmap.Width - left);
        height = Math.Min(height, _bitmap.Height - top);

        // Copy row by row: a bitmap row may be padded beyond its width (RowBytes).
        var source = _bitmap.GetPixelSpan();
        var stride = _bitmap.RowBytes;
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            source.Slice(((top + y) * stride) + (left * 4), width * 4).CopyTo(pixels.AsSpan(y * width * 4));
        }

        // AutoRotate: ZXing's finder-pattern search misses about 1 code in 400 of ours in one orientation and reads it in
        // another (zbar reads them all); a phone sees every code at many angles, so the test reads it at a second one too.
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = true,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, PureBarcode = pureBarcode },
        };
        return reader.Decode(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.BGRA32))?.Text;
    }

    /// <summary>
    /// How many pixels of the rectangle carry any ink: a channel darker than <paramref name="white"/>, so the faint grey
    /// of an antialiased edge counts too.
    /// </summary>
    public int CountInk(int left, int top, int width, int height, byte white = 245)
    {
        var source = _bitmap.GetPixelSpan();
        var stride = _bitmap.RowBytes;
        var count = 0;
        for (var y = Math.Max(0, top); y < Math.Min(_bitmap.Height, top + height); y++)
        {
            for (var x = Math.Max(0, left); x < Math.Min(_bitmap.Width, left + width); x++)
            {
                var pixel = source.Slice((y * stride) + (x * 4), 3);
                if (pixel[0] < white || pixel[1] < white || pixel[2] < white)
                {
                    count++;
                }
            }
        }

        return count;
    }

    public bool IsDark(int x, int y)
    {
        var pixel = _bitmap.GetPixel(x, y);
        return (pixel.Red + pixel.Green + pixel.Blue) < 3 * 128;
    }

    public void Dispose() => _bitmap.Dispose();
}
