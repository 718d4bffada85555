using SkiaSharp;

namespace Ogiri.TestSupport;

/// <summary>Real images drawn for tests: a coloured background, optionally a shape and a line of text.</summary>
public static class TestImages
{
    public static byte[] Draw(SKEncodedImageFormat format, int width = 96, int height = 64, SKColor? background = null,
        string? text = null, int quality = 90)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(background ?? new SKColor(40, 120, 220));
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 4f, paint);
        if (text is not null)
        {
            using var typeface = Fonts.Japanese();
            using var font = new SKFont(typeface, height / 3f);
            using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.Clear(SKColors.White);
            canvas.DrawText(text, width * 0.05f, height * 0.6f, SKTextAlign.Left, font, black);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Png(SKColor? background = null, int width = 96, int height = 64) =>
        Draw(SKEncodedImageFormat.Png, width, height, background);

    public static byte[] Jpeg(SKColor? background = null, int width = 96, int height = 64) =>
        Draw(SKEncodedImageFormat.Jpeg, width, height, background);

    /// <summary>A JPEG whose left half is red and right half blue, as stored.</summary>
    public static byte[] HalvesJpeg(int width = 60, int height = 40)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.Red);
        using var blue = new SKPaint { Color = SKColors.Blue };
        surface.Canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment whose only tag is Orientation (0x0112) = <paramref name="orientation"/>.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[26];
        "MM"u8.CopyTo(tiff);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    // The formats SkiaSharp cannot write, made by ImageMagick from images drawn here.

    public static byte[] ProgressiveJpeg(SKColor? background = null, int width = 96, int height = 64) =>
        ImageMagick.Convert([Png(background, width, height)], "jpg", [], ["-interlace", "JPEG", "-quality", "90"]);

    public static byte[] CmykJpeg(SKColor? background = null, int width = 96, int height = 64) =>
        ImageMagick.Convert([Png(background, width, height)], "jpg", [], ["-colorspace", "CMYK", "-quality", "90"]);

    /// <summary>An animated GIF whose frames have these backgrounds, in order.</summary>
    public static byte[] AnimatedGif(int width, int height, params SKColor[] frames) =>
        ImageMagick.Convert([.. frames.Select(c => Png(c, width, height))], "gif", ["-delay", "20", "-loop", "0"], []);
}

/// <summary>
/// Fonts from Debian's fonts-noto-cjk, loaded by path: the SkiaSharp native build we use has no
/// fontconfig, so it cannot find system fonts by name.
/// </summary>
public static class Fonts
{
    private static readonly string[] CjkCandidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    ];

    public static SKTypeface Japanese()
    {
        foreach (var path in CjkCandidates)
        {
            if (File.Exists(path) && SKTypeface.FromFile(path, 0) is { } typeface) return typeface;
        }
        throw new InvalidOperationException("no Japanese font found: install fonts-noto-cjk");
    }
}

/// <summary>A folder deleted when the test ends.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ogiri-test-").FullName;

    public string File(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public string Text(string relative, string content) => File(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
