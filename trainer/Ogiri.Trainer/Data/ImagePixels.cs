using Ogiri.Pipeline.Images;
using Ogiri.Pipeline.Ports;
using SkiaSharp;

namespace Ogiri.Trainer.Data;

/// <summary>
/// Decodes an image and resizes it to a square of <c>side</c> pixels (shorter side scaled to fit,
/// then centre-cropped), as RGB bytes in channel-major order [3, side, side] — the layout a tensor wants.
/// The picture is read upright and never decoded at full size (<see cref="PictureDecoder"/>).
/// </summary>
public static class ImagePixels
{
    public static byte[] Decode(ReadOnlySpan<byte> encoded, int side)
    {
        using var bitmap = DecodeBitmap(encoded, side);
        var scale = (float)side / Math.Min(bitmap.Width, bitmap.Height);
        var width = Math.Max(side, (int)Math.Round(bitmap.Width * scale));
        var height = Math.Max(side, (int)Math.Round(bitmap.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using var image = SKImage.FromBitmap(bitmap);
        var dest = SKRect.Create((side - width) / 2f, (side - height) / 2f, width, height);
        canvas.DrawImage(image, dest, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var pixels = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        surface.ReadPixels(pixels.Info, pixels.GetPixels(), pixels.RowBytes, 0, 0);
        var rgba = pixels.GetPixelSpan();
        var plane = side * side;
        var chw = new byte[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            chw[i] = rgba[4 * i];
            chw[plane + i] = rgba[4 * i + 1];
            chw[2 * plane + i] = rgba[4 * i + 2];
        }
        return chw;
    }

    /// <summary>
    /// Upright (EXIF orientation applied, as registration's analysers see it) and decoded at about twice the side
    /// the model reads, not at full size: the final linear, mip-mapped resize has enough pixels to average.
    /// </summary>
    private static SKBitmap DecodeBitmap(ReadOnlySpan<byte> encoded, int side)
    {
        try
        {
            return PictureDecoder.DecodeCovering(encoded, 2 * side);
        }
        catch (ImageRejectedException e)
        {
            throw new InvalidDataException("image does not decode", e);
        }
        catch (ArgumentException e)
        {
            // SkiaSharp answers some bytes it cannot read with an ArgumentNullException.
            throw new InvalidDataException("image does not decode", e);
        }
    }
}
