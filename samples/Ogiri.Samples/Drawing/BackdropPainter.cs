using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>Paints backgrounds: plain colours, gradients, patterns and a few simple scenes.</summary>
public static class BackdropPainter
{
    public static void Paint(SKCanvas canvas, Backdrop b, int width, int height)
    {
        var details = new Random(b.DetailSeed);
        switch (b.Kind)
        {
            case BackdropKind.Solid:
                canvas.Clear(b.First);
                break;
            case BackdropKind.LinearGradient:
                Fill(canvas, width, height, Linear(b.First, b.Second, b.AngleDegrees, width, height));
                break;
            case BackdropKind.RadialGradient:
                Fill(canvas, width, height, SKShader.CreateRadialGradient(new SKPoint(width / 2f, height / 2f), width * 0.75f,
                    [b.First, b.Second], SKShaderTileMode.Clamp));
                break;
            case BackdropKind.Stripes:
                canvas.Clear(b.First);
                canvas.Save();
                canvas.RotateDegrees(b.AngleDegrees, width / 2f, height / 2f);
                using (var stripe = new SKPaint { Color = b.Second, IsAntialias = true })
                {
                    for (var x = -width; x < width * 2; x += 32) canvas.DrawRect(x, -height, 16, height * 3, stripe);
                }
                canvas.Restore();
                break;
            case BackdropKind.Dots:
                canvas.Clear(b.First);
                using (var dot = new SKPaint { Color = b.Second, IsAntialias = true })
                {
                    for (var y = 16; y < height; y += 40)
                        for (var x = (y / 40 % 2 == 0) ? 16 : 36; x < width; x += 40) canvas.DrawCircle(x, y, 7, dot);
                }
                break;
            case BackdropKind.Checks:
                canvas.Clear(SKColors.White);
                using (var check = new SKPaint { Color = b.Second.WithAlpha(150) })
                {
                    for (var i = 0; i < width; i += 32)
                    {
                        canvas.DrawRect(i, 0, 16, height, check);
                        canvas.DrawRect(0, i, width, 16, check);
                    }
                }
                break;
            case BackdropKind.Sky:
                PaintOutdoors(canvas, width, height, new SKColor(120, 190, 245), new SKColor(215, 238, 255), Hue(b.Second, 90, 140, 50, 60), 0.7f);
                Sun(canvas, width, details);
                Cloud(canvas, details.Next(30, width - 60), details.Next(25, 70));
                break;
            case BackdropKind.Sea:
                PaintOutdoors(canvas, width, height, new SKColor(140, 200, 250), new SKColor(40, 110, 200), new SKColor(238, 214, 160), 0.78f);
                using (var horizon = new SKPaint { Color = new SKColor(40, 110, 200) })
                    canvas.DrawRect(0, height * 0.42f, width, height * 0.36f, horizon);
                Sun(canvas, width, details);
                break;
            case BackdropKind.Room:
                canvas.Clear(b.First);
                using (var floor = new SKPaint { Color = Hue(b.Second, 20, 40, 45, 60) })
                    canvas.DrawRect(0, height * 0.72f, width, height * 0.28f, floor);
                using (var frame = new SKPaint { Color = SKColors.White })
                using (var glass = new SKPaint { Color = new SKColor(170, 215, 250) })
                {
                    var left = details.Next(10, width - 90);
                    canvas.DrawRect(left, 22, 80, 70, frame);
                    canvas.DrawRect(left + 5, 27, 33, 60, glass);
                    canvas.DrawRect(left + 42, 27, 33, 60, glass);
                }
                break;
            case BackdropKind.Night:
                Fill(canvas, width, height, Linear(new SKColor(10, 15, 50), new SKColor(45, 40, 110), 90, width, height));
                using (var star = new SKPaint { Color = new SKColor(255, 250, 200), IsAntialias = true })
                {
                    for (var i = 0; i < 30; i++) canvas.DrawCircle(details.Next(width), details.Next(height), 1.2f + (float)details.NextDouble(), star);
                }
                using (var moon = new SKPaint { Color = new SKColor(250, 240, 170), IsAntialias = true })
                    canvas.DrawCircle(details.Next(30, width - 30), details.Next(25, 60), 16, moon);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(b), b.Kind, "unknown backdrop");
        }
    }

    private static SKShader Linear(SKColor from, SKColor to, float angleDegrees, int width, int height)
    {
        var a = angleDegrees * MathF.PI / 180;
        var (dx, dy) = (MathF.Cos(a) * width / 2, MathF.Sin(a) * height / 2);
        return SKShader.CreateLinearGradient(new SKPoint(width / 2f - dx, height / 2f - dy), new SKPoint(width / 2f + dx, height / 2f + dy),
            [from, to], SKShaderTileMode.Clamp);
    }

    private static void Fill(SKCanvas canvas, int width, int height, SKShader shader)
    {
        using (shader)
        using (var paint = new SKPaint { Shader = shader })
            canvas.DrawRect(0, 0, width, height, paint);
    }

    // Sky on top, ground from groundAt (a fraction of the height) down.
    private static void PaintOutdoors(SKCanvas canvas, int width, int height, SKColor skyTop, SKColor skyBottom, SKColor ground, float groundAt)
    {
        Fill(canvas, width, height, Linear(skyTop, skyBottom, 90, width, height));
        using var paint = new SKPaint { Color = ground };
        canvas.DrawRect(0, height * groundAt, width, height * (1 - groundAt), paint);
    }

    private static void Sun(SKCanvas canvas, int width, Random details)
    {
        using var sun = new SKPaint { Color = new SKColor(255, 200, 40), IsAntialias = true };
        canvas.DrawCircle(details.Next(2) == 0 ? 34 : width - 34, 34, 18, sun);
    }

    private static void Cloud(SKCanvas canvas, float x, float y)
    {
        using var white = new SKPaint { Color = SKColors.White.WithAlpha(230), IsAntialias = true };
        canvas.DrawOval(x, y, 26, 12, white);
        canvas.DrawOval(x + 20, y - 6, 20, 12, white);
        canvas.DrawOval(x + 36, y + 2, 22, 10, white);
    }

    // Keeps a random colour's variety but pulls it into a plausible range (grass, wood).
    private static SKColor Hue(SKColor c, float hueMin, float hueMax, float satMin, float valMin)
    {
        c.ToHsv(out var h, out var s, out var v);
        return SKColor.FromHsv(hueMin + h / 360 * (hueMax - hueMin), MathF.Max(s, satMin), MathF.Max(v, valMin));
    }
}
