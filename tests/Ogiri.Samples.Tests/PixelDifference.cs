using SkiaSharp;

namespace Ogiri.Samples.Tests;

/// <summary>How far apart two pictures of the same size are: the mean absolute channel difference, 0–255.</summary>
public static class PixelDifference
{
    /// <summary>
    /// Below this, two pictures show the same scene: Debian 12's and 13's emoji fonts differ by up to
    /// 8.5 on the bundled set; another background or placement differs by far more.
    /// </summary>
    public const double SameSceneLimit = 15;

    public static double Mean(byte[] first, byte[] second)
    {
        using var a = SKBitmap.Decode(first);
        using var b = SKBitmap.Decode(second);
        if (a.Width != b.Width || a.Height != b.Height) return 255;
        double sum = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }
        return sum / (3.0 * a.Width * a.Height);
    }
}
