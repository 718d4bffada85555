using System.Buffers.Binary;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Pipeline.Tests;

public class ImageInspectorTests
{
    private static readonly ImageLimits Limits = new(MaxBytes: 1_000_000, MaxPixels: 1_000_000);

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "png", "image/png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "jpg", "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "webp", "image/webp")]
    public void Accepts_real_images_and_reports_their_size(SKEncodedImageFormat format, string extension, string contentType)
    {
        var info = ImageInspector.Inspect(TestImages.Draw(format, 120, 80), Limits);
        Assert.Equal((extension, contentType, 120, 80), (info.Extension, info.ContentType, info.Width, info.Height));
    }

    [Fact]
    public void Accepts_a_progressive_jpeg()
    {
        var jpeg = TestImages.ProgressiveJpeg(width: 120, height: 80);
        Assert.Equal(new JpegFrame(Progressive: true, Components: 3), JpegFrame.Read(jpeg));
        var info = ImageInspector.Inspect(jpeg, Limits);
        Assert.Equal(("jpeg", "jpg", 120, 80), (info.Format, info.Extension, info.Width, info.Height));
    }

    [Fact]
    public void Accepts_a_cmyk_jpeg()
    {
        var jpeg = TestImages.CmykJpeg(width: 120, height: 80);
        Assert.Equal(new JpegFrame(Progressive: false, Components: 4), JpegFrame.Read(jpeg));
        var info = ImageInspector.Inspect(jpeg, Limits);
        Assert.Equal(("jpeg", "image/jpeg", 120, 80), (info.Format, info.ContentType, info.Width, info.Height));
    }

    [Fact]
    public void Skia_baseline_jpeg_is_baseline()
    {
        Assert.Equal(new JpegFrame(Progressive: false, Components: 3), JpegFrame.Read(TestImages.Jpeg()));
    }

    [Fact]
    public void Accepts_an_animated_gif_by_its_first_frame()
    {
        var gif = TestImages.AnimatedGif(120, 80, SKColors.Red, SKColors.Blue);
        Assert.StartsWith("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6), StringComparison.Ordinal);
        var info = ImageInspector.Inspect(gif, Limits);
        Assert.Equal(("gif", "gif", "image/gif", 120, 80), (info.Format, info.Extension, info.ContentType, info.Width, info.Height));
        using var codec = SKCodec.Create(new SKMemoryStream(gif));
        Assert.Equal(2, codec.FrameCount);
    }

    [Fact]
    public void Refuses_empty_truncated_and_non_image_content()
    {
        var png = TestImages.Png(width: 200, height: 200);
        Assert.Equal("image is empty (0 bytes)", Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect([], Limits)).Message);
        Assert.Equal("image is truncated", Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(png.AsSpan(0, png.Length / 2), Limits)).Message);
        Assert.Contains("not an image", Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect("<html>hello</html>"u8, Limits)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_header_that_claims_too_many_pixels_before_decoding()
    {
        // A valid 1x1 PNG whose header is rewritten to claim 50000x50000: a decompression bomb's header.
        var png = TestImages.Png(width: 1, height: 1);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 50_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Compute(png.AsSpan(12, 17)));
        var e = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(png, Limits));
        Assert.Equal("image claims 50000x50000 pixels; the limit is 1000000 pixels", e.Message);
    }

    [Fact]
    public void Refuses_more_bytes_than_the_limit()
    {
        var png = TestImages.Png(width: 64, height: 64);
        var e = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(png, new ImageLimits(MaxBytes: 100)));
        Assert.StartsWith($"image is {png.Length} bytes; the limit is 100", e.Message, StringComparison.Ordinal);
    }
}
