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
        using var bitmap = PictureDecoder.DecodeWithin(content, maxSide);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
