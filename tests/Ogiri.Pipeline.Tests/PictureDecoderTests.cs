using Ogiri.Pipeline.Images;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Pipeline.Tests;

/// <summary>Pictures are read upright and small, by real SkiaSharp decoding.</summary>
public class PictureDecoderTests
{
    /// <summary>A 60×40 picture: left half red, right half blue.</summary>
    private static SKBitmap Halves(int width = 60, int height = 40)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Red);
        using var blue = new SKPaint { Color = SKColors.Blue };
        canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }

    private static bool IsRed(SKColor c) => c.Red > 180 && c.Blue < 80;
    private static bool IsBlue(SKColor c) => c.Blue > 180 && c.Red < 80;

    [Fact]
    public void A_photo_turned_by_its_exif_orientation_is_read_upright()
    {
        // Orientation 6: the stored picture must be turned a quarter clockwise to be seen as meant.
        var jpeg = TestImages.WithExifOrientation(TestImages.HalvesJpeg(), 6);

        using var upright = PictureDecoder.DecodeWithin(jpeg, 1000);

        Assert.Equal((40, 60), (upright.Width, upright.Height));
        // Turned clockwise, the stored left half (red) is on top and the right half (blue) at the bottom.
        Assert.True(IsRed(upright.GetPixel(20, 5)), upright.GetPixel(20, 5).ToString());
        Assert.True(IsBlue(upright.GetPixel(20, 55)), upright.GetPixel(20, 55).ToString());
    }

    [Theory]
    [InlineData(1, 60, 40, 5, 20, 55, 20)]   // as stored: red left, blue right
    [InlineData(2, 60, 40, 55, 20, 5, 20)]   // mirrored: red right
    [InlineData(3, 60, 40, 55, 20, 5, 20)]   // upside down: red right
    [InlineData(8, 40, 60, 20, 55, 20, 5)]   // turned back anticlockwise: red at the bottom
    public void Every_orientation_puts_the_halves_where_they_belong(ushort orientation, int w, int h, int redX, int redY, int blueX, int blueY)
    {
        using var upright = PictureDecoder.DecodeWithin(TestImages.WithExifOrientation(TestImages.HalvesJpeg(), orientation), 1000);
        Assert.Equal((w, h), (upright.Width, upright.Height));
        Assert.True(IsRed(upright.GetPixel(redX, redY)));
        Assert.True(IsBlue(upright.GetPixel(blueX, blueY)));
    }

    [Fact]
    public void A_large_png_comes_back_at_the_small_size_asked_for()
    {
        using var halves = Halves(3000, 2000);
        var png = Encode(halves, SKEncodedImageFormat.Png);

        using var small = PictureDecoder.DecodeWithin(png, 300);
        using var covering = PictureDecoder.DecodeCovering(png, 100);

        Assert.Equal((300, 200), (small.Width, small.Height));
        Assert.True(IsRed(small.GetPixel(10, 100)) && IsBlue(small.GetPixel(290, 100)));
        Assert.Equal((150, 100), (covering.Width, covering.Height));
        Assert.True(IsRed(covering.GetPixel(10, 50)) && IsBlue(covering.GetPixel(140, 50)));
    }

    [Fact]
    public void A_strip_one_pixel_high_stays_at_least_one_pixel_high()
    {
        var strip = TestImages.Png(SKColors.Green, 100_000, 1);
        using var small = PictureDecoder.DecodeWithin(strip, 4096);
        Assert.Equal((4096, 1), (small.Width, small.Height));
    }
}
