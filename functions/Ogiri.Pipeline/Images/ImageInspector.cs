using Ogiri.Pipeline.Ports;
using Ogiri.Pipeline.Images;
using SkiaSharp;

namespace Ogiri.Pipeline;

/// <summary>What inspection learnt about an accepted image.</summary>
public sealed record ImageInfo(string Format, string Extension, string ContentType, int Width, int Height);

/// <summary>Limits applied to every image before anything else sees it.</summary>
/// <param name="MaxBytes">Default 15 MiB: Rekognition's limit for an image in S3.</param>
/// <param name="MaxPixels">Checked against the header before decoding, so a decompression bomb never allocates.</param>
public sealed record ImageLimits(long MaxBytes = 15L * 1024 * 1024, long MaxPixels = 40_000_000);

/// <summary>
/// Accepts JPEG (baseline, progressive, CMYK), PNG, WebP and GIF (first frame) whose pixels really decode.
/// Rejects everything else with a reason.
/// </summary>
public static class ImageInspector
{
    public static ImageInfo Inspect(ReadOnlySpan<byte> content, ImageLimits limits)
    {
        if (content.Length == 0) throw new ImageRejectedException("image is empty (0 bytes)");
        if (content.Length > limits.MaxBytes)
            throw new ImageRejectedException($"image is {content.Length} bytes; the limit is {limits.MaxBytes}");

        using var data = SKData.CreateCopy(content);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult);
        if (codec is null)
            throw new ImageRejectedException(createResult == SKCodecResult.IncompleteInput && HasKnownSignature(content)
                ? "image is truncated"
                : "not an image in a supported format (JPEG, PNG, WebP or GIF)");

        var (format, extension, contentType) = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ("jpeg", "jpg", "image/jpeg"),
            SKEncodedImageFormat.Png => ("png", "png", "image/png"),
            SKEncodedImageFormat.Webp => ("webp", "webp", "image/webp"),
            SKEncodedImageFormat.Gif => ("gif", "gif", "image/gif"),
            var other => throw new ImageRejectedException(
                $"image format {other.ToString().ToUpperInvariant()} is not supported; use JPEG, PNG, WebP or GIF"),
        };

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0) throw new ImageRejectedException("image has no pixels");
        if ((long)width * height > limits.MaxPixels)
            throw new ImageRejectedException($"image claims {width}x{height} pixels; the limit is {limits.MaxPixels} pixels");

        var result = PictureDecoder.Validate(codec);
        return result switch
        {
            SKCodecResult.Success => new ImageInfo(format, extension, contentType, width, height),
            SKCodecResult.IncompleteInput => throw new ImageRejectedException("image is truncated"),
            _ => throw new ImageRejectedException($"image does not decode ({result})"),
        };
    }

    private static bool HasKnownSignature(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0xFF, 0xD8, 0xFF])
        || b.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || b.StartsWith("GIF8"u8)
        || (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8));
}
