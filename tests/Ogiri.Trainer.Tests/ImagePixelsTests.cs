using Ogiri.TestSupport;
using Ogiri.Trainer.Data;

namespace Ogiri.Trainer.Tests;

/// <summary>The pixels training and serving feed the model: upright, whatever the photo's EXIF orientation says.</summary>
public class ImagePixelsTests
{
    [Fact]
    public void A_photo_turned_by_its_exif_orientation_reaches_the_model_upright()
    {
        const int side = 32;
        // Stored 60×40 red left, blue right, with orientation 6 (turn a quarter clockwise to view): upright it is
        // 40×60 with red on top and blue below.
        var chw = ImagePixels.Decode(TestImages.WithExifOrientation(TestImages.HalvesJpeg(), 6), side);

        var plane = side * side;
        (byte R, byte B) At(int x, int y) => (chw[y * side + x], chw[2 * plane + y * side + x]);
        var top = At(side / 2, 3);
        var bottom = At(side / 2, side - 4);
        Assert.True(top.R > 180 && top.B < 80, $"top {top}");
        Assert.True(bottom.B > 180 && bottom.R < 80, $"bottom {bottom}");
    }
}
