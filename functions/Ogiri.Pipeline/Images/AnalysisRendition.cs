using Ogiri.Pipeline.Ports;
using SkiaSharp;

namespace Ogiri.Pipeline.Images;

/// <summary>
/// A JPEG copy of an image for analysers that read only JPEG and PNG (Rekognition): WebP and GIF (its
/// first frame) are decoded and re-encoded, scaled down so the copy stays well under inline-size limits.
/// The stored image and the training set keep the original.
/// </summary>
public static class AnalysisRendition
{
    public static byte[] ToJpeg(ReadOnlySpan<byte> content, int maxSide = 1600, int quality = 90)
    {
        using var bitmap = SKBitmap.Decode(content) ?? throw new ImageRejectedException("image does not decode");
        var scale = Math.Min(1.0, maxSide / (double)Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)));
        using var resized = scale < 1.0 ? bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
        using var image = SKImage.FromBitmap(resized ?? bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
