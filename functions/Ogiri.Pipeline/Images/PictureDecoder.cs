using Ogiri.Pipeline.Ports;
using SkiaSharp;

namespace Ogiri.Pipeline.Images;

/// <summary>
/// Decodes a picture the way everything in the product reads one: upright (its EXIF orientation applied) and no
/// larger than the reader needs. JPEG and WebP are scaled by the decoder itself; formats that decode only whole
/// take turns (a few at a time per process) and are shrunk at once. Registration, the local analysers, training
/// and serving all call it, so they see the same picture and memory stays bounded however many run at once.
/// </summary>
public static class PictureDecoder
{
    /// <summary>The picture upright with its long side at most <paramref name="maxSide"/> (never enlarged).</summary>
    public static SKBitmap DecodeWithin(ReadOnlySpan<byte> encoded, int maxSide) =>
        Decode(encoded, (w, h) => Math.Min(1.0, maxSide / (double)Math.Max(w, h)), maxSide);

    /// <summary>The picture upright with its short side at least <paramref name="shortSide"/> where it has that many pixels.</summary>
    public static SKBitmap DecodeCovering(ReadOnlySpan<byte> encoded, int shortSide) =>
        Decode(encoded, (w, h) => Math.Min(1.0, shortSide / (double)Math.Min(w, h)), null);

    /// <summary>The stored size of a picture as it is meant to be seen: width and height swapped for a quarter turn.</summary>
    public static (int Width, int Height) Upright(SKCodec codec) =>
        IsQuarterTurn(codec.EncodedOrigin) ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);

    private static SKBitmap Decode(ReadOnlySpan<byte> encoded, Func<int, int, double> scaleFor, int? maxSide)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new ImageRejectedException("image does not decode");
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        var decoded = DecodeScaled(codec, scaleFor(w, h));
        var upright = decoded;
        if (codec.EncodedOrigin is not SKEncodedOrigin.TopLeft)
        {
            using (decoded) upright = Orient(decoded, codec.EncodedOrigin);
        }
        if (maxSide is not { } limit || Math.Max(upright.Width, upright.Height) <= limit) return upright;
        // The decoder's own scales come in steps (JPEG in eighths): the last step to the exact size is a resize.
        using (upright)
        {
            var s = limit / (double)Math.Max(upright.Width, upright.Height);
            var info = new SKImageInfo(Math.Max(1, (int)Math.Round(upright.Width * s)), Math.Max(1, (int)Math.Round(upright.Height * s)),
                SKColorType.Rgba8888, SKAlphaType.Premul);
            return upright.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                ?? throw new ImageRejectedException("image does not decode");
        }
    }

    /// <summary>
    /// At about <paramref name="scale"/>: by the decoder itself where the format allows (JPEG in eighths, WebP
    /// freely); otherwise (PNG, GIF: this SkiaSharp build decodes them only whole) at full size under the gate and
    /// resized at once, so only the small copy outlives the gate.
    /// </summary>
    private static SKBitmap DecodeScaled(SKCodec codec, double scale)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (scale < 1.0)
        {
            var size = codec.GetScaledDimensions((float)scale);
            if (size.Width < w && size.Height < h && TryDecode(codec, size) is { } scaled) return scaled;
        }
        FullSizeDecodes.Wait();
        try
        {
            var full = TryDecode(codec, new SKSizeI(w, h)) ?? throw new ImageRejectedException("image does not decode");
            if (scale >= 1.0) return full;
            using (full)
            {
                var info = new SKImageInfo(Math.Max(1, (int)Math.Round(w * scale)), Math.Max(1, (int)Math.Round(h * scale)),
                    SKColorType.Rgba8888, SKAlphaType.Premul);
                return full.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                    ?? throw new ImageRejectedException("image does not decode");
            }
        }
        finally
        {
            FullSizeDecodes.Release();
        }
    }

    /// <summary>
    /// Full-size decodes running at once in this process. Decoding is CPU-bound, so more of them than cores gain
    /// nothing, and each can hold up to <see cref="ImageLimits.MaxPixels"/> × 4 bytes: with sixteen rows in flight
    /// an unbounded number of 6000×6000 PNGs peaked at 3.8 GB. This is the one process-wide state of the class, a
    /// guard like a pool, on purpose: the memory it protects is the process's.
    /// </summary>
    private static readonly SemaphoreSlim FullSizeDecodes = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// Decodes every byte of the picture to prove it is whole: JPEG at 1/8 scale (which still reads every byte),
    /// other formats at full size, a few at a time (<see cref="FullSizeDecodes"/>).
    /// </summary>
    public static SKCodecResult Validate(SKCodec codec)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        var small = codec.GetScaledDimensions(0.125f);
        if (small.Width < w && small.Height < h) return Check(codec, small);
        FullSizeDecodes.Wait();
        try
        {
            return Check(codec, new SKSizeI(w, h));
        }
        finally
        {
            FullSizeDecodes.Release();
        }
    }

    private static SKCodecResult Check(SKCodec codec, SKSizeI size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        return codec.GetPixels(bitmap.Info, bitmap.GetPixels());
    }

    private static SKBitmap? TryDecode(SKCodec codec, SKSizeI size)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        return null;
    }

    private static bool IsQuarterTurn(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>A new bitmap: <paramref name="source"/> turned and mirrored as its EXIF orientation says.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        var (w, h) = IsQuarterTurn(origin) ? (source.Height, source.Width) : (source.Width, source.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(upright);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: // mirrored left to right
                canvas.Translate(w, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight: // upside down
                canvas.Translate(w, h);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft: // mirrored top to bottom
                canvas.Translate(0, h);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop: // transposed
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop: // turned a quarter anticlockwise: turn it back clockwise
                canvas.Translate(w, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom: // transverse
                canvas.Translate(w, h);
                canvas.RotateDegrees(-90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftBottom: // turned a quarter clockwise: turn it back
                canvas.Translate(0, h);
                canvas.RotateDegrees(-90);
                break;
        }
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return upright;
    }
}
