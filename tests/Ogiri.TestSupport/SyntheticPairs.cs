using SkiaSharp;

namespace Ogiri.TestSupport;

/// <summary>A thing that can be drawn, its Japanese name (what answers say) and its usual colour (hue, degrees), as real things have.</summary>
public sealed record Thing(string Name, float Hue, Action<SKCanvas, SKRect, SKColor> Draw);

/// <summary>One generated image with the thing drawn in it and answers naming it.</summary>
public sealed record SyntheticImage(string FileName, byte[] Png, Thing Thing, IReadOnlyList<string> Answers);

/// <summary>
/// Generated (image, answer) pairs whose key word depends on the picture: a thing drawn at a random
/// place and size, in its own colour (slightly varied), on a random background, answered by joke
/// templates that name it. The background carries no information about the thing, so only looking
/// at the thing tells which answer fits.
/// </summary>
public static class SyntheticPairs
{
    private static readonly string[] Templates =
    [
        "{0}が会議に遅刻した", "{0}、実は社長です", "今日の{0}は機嫌が悪い", "{0}の本気を見よ", "{0}だと思った？残念", "{0}に見えて実は石",
        "{0}、月曜日が嫌い", "{0}も有給を取りたい", "{0}が転職を考えている", "この{0}、税込みです", "{0}界のエース", "{0}、ただいま充電中",
    ];

    /// <summary>Plain shapes: fast to draw, no fonts needed.</summary>
    public static IReadOnlyList<Thing> Shapes { get; } =
    [
        new("丸", 0, (c, r, col) => c.DrawOval(r, Paint(col))),
        new("四角", 210, (c, r, col) => c.DrawRect(Inset(r, 0.1f), Paint(col))),
        new("三角", 120, (c, r, col) => c.DrawPath(Polygon(r, 3, -90), Paint(col))),
        new("星", 50, (c, r, col) => c.DrawPath(Star(r), Paint(col))),
        new("十字", 280, (c, r, col) =>
        {
            c.DrawRect(SKRect.Create(r.MidX - r.Width / 8, r.Top, r.Width / 4, r.Height), Paint(col));
            c.DrawRect(SKRect.Create(r.Left, r.MidY - r.Height / 8, r.Width, r.Height / 4), Paint(col));
        }),
        new("輪", 30, (c, r, col) => c.DrawOval(Inset(r, 0.1f), Stroke(col, r.Width / 7))),
        new("六角", 180, (c, r, col) => c.DrawPath(Polygon(r, 6, 0), Paint(col))),
        new("縞", 330, (c, r, col) =>
        {
            for (var i = 0; i < 3; i++) c.DrawRect(SKRect.Create(r.Left, r.Top + i * r.Height / 3, r.Width, r.Height / 6), Paint(col));
        }),
    ];

    private const string EmojiFont = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";
    private static readonly string[] Signs = ["営業中", "注意", "特売", "出口", "本日休業", "禁煙"];
    private static readonly (string Name, string Glyph)[] EverydayThings =
    [
        ("猫", "🐱"), ("犬", "🐶"), ("車", "🚗"), ("りんご", "🍎"), ("バナナ", "🍌"), ("寿司", "🍣"), ("ラーメン", "🍜"), ("自転車", "🚲"),
        ("電車", "🚃"), ("パンダ", "🐼"), ("カエル", "🐸"), ("ペンギン", "🐧"), ("ピザ", "🍕"), ("ドーナツ", "🍩"), ("魚", "🐟"), ("ロケット", "🚀"),
        ("ギター", "🎸"), ("スマホ", "📱"), ("家", "🏠"), ("ひまわり", "🌻"), ("スイカ", "🍉"), ("ゾウ", "🐘"), ("ライオン", "🦁"), ("タコ", "🐙"),
    ];

    /// <summary>Everyday things (animals, food, vehicles, objects) drawn from the colour emoji font (fonts-noto-color-emoji).</summary>
    public static IReadOnlyList<Thing> Everyday()
    {
        if (!File.Exists(EmojiFont)) throw new InvalidOperationException($"{EmojiFont} is missing: install fonts-noto-color-emoji");
        var typeface = SKTypeface.FromFile(EmojiFont) ?? throw new InvalidOperationException($"{EmojiFont} does not load");
        return [.. EverydayThings.Select(t => new Thing(t.Name, 0, (c, r, _) =>
        {
            using var font = new SKFont(typeface, r.Height * 0.8f);
            using var paint = new SKPaint { IsAntialias = true };
            c.DrawText(t.Glyph, r.MidX, r.Bottom - r.Height * 0.15f, SKTextAlign.Center, font, paint);
        }))];
    }

    /// <param name="signChance">Share of images that also get a small Japanese sign in a corner.</param>
    public static IReadOnlyList<SyntheticImage> Generate(IReadOnlyList<Thing> things, int images, int answersPerImage, int seed, int size = 96,
        double signChance = 0)
    {
        var random = new Random(seed);
        var result = new List<SyntheticImage>();
        for (var i = 0; i < images; i++)
        {
            var thing = things[i % things.Count];
            var templates = Templates.OrderBy(_ => random.Next()).Take(answersPerImage);
            var sign = random.NextDouble() < signChance ? Signs[random.Next(Signs.Length)] : null;
            result.Add(new SyntheticImage($"{seed}-{i:D4}.png", Draw(thing, random, size, sign), thing,
                [.. templates.Select(t => string.Format(System.Globalization.CultureInfo.InvariantCulture, t, thing.Name))]));
        }
        return result;
    }

    /// <summary>Writes the images and a CSV (header image_url,expected_result) into <paramref name="folder"/>; returns the CSV's path.</summary>
    public static string WriteCsv(string folder, IReadOnlyList<SyntheticImage> images, string csvName = "pairs.csv")
    {
        Directory.CreateDirectory(Path.Combine(folder, "img"));
        using var csv = new StreamWriter(Path.Combine(folder, csvName), false, new System.Text.UTF8Encoding(false));
        csv.Write("image_url,expected_result\n");
        foreach (var image in images)
        {
            File.WriteAllBytes(Path.Combine(folder, "img", image.FileName), image.Png);
            foreach (var answer in image.Answers) csv.Write($"img/{image.FileName},{answer}\n");
        }
        return Path.Combine(folder, csvName);
    }

    private static byte[] Draw(Thing thing, Random random, int size, string? sign)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        var canvas = surface.Canvas;
        var background = RandomColour(random);
        canvas.Clear(background);
        // A second background tone so the background is not one flat colour.
        using (var band = Paint(RandomColour(random))) canvas.DrawRect(SKRect.Create(0, size * (float)random.NextDouble(), size, size), band);
        var side = size * (0.45f + 0.3f * (float)random.NextDouble());
        var x = (float)random.NextDouble() * (size - side);
        var y = (float)random.NextDouble() * (size - side);
        var colour = SKColor.FromHsv(thing.Hue + (float)random.NextDouble() * 20 - 10, 70 + 30 * (float)random.NextDouble(), 60 + 40 * (float)random.NextDouble());
        thing.Draw(canvas, SKRect.Create(x, y, side, side), colour);
        if (sign is not null)
        {
            using var typeface = Fonts.Japanese();
            using var font = new SKFont(typeface, size / 7f);
            var width = font.MeasureText(sign);
            var box = SKRect.Create(size * 0.04f, size * 0.04f, width + size * 0.06f, size / 7f * 1.5f);
            using var white = Paint(SKColors.White);
            using var black = Paint(SKColors.Black);
            canvas.DrawRect(box, white);
            canvas.DrawText(sign, box.Left + size * 0.03f, box.Bottom - size / 7f * 0.35f, SKTextAlign.Left, font, black);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKColor RandomColour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    private static SKPaint Paint(SKColor colour) => new() { Color = colour, IsAntialias = true };

    private static SKPaint Stroke(SKColor colour, float width) => new() { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };

    private static SKRect Inset(SKRect r, float fraction) => SKRect.Inflate(r, -r.Width * fraction, -r.Height * fraction);

    private static SKPath Polygon(SKRect r, int corners, float startDegrees) =>
        Closed([.. Enumerable.Range(0, corners).Select(i => Around(r, startDegrees + 360f * i / corners, 0.5f))]);

    private static SKPath Star(SKRect r) =>
        Closed([.. Enumerable.Range(0, 10).Select(i => Around(r, -90 + 36f * i, i % 2 == 0 ? 0.5f : 0.2f))]);

    private static SKPoint Around(SKRect r, float degrees, float radius)
    {
        var a = degrees * MathF.PI / 180;
        return new SKPoint(r.MidX + radius * r.Width * MathF.Cos(a), r.MidY + radius * r.Height * MathF.Sin(a));
    }

    private static SKPath Closed(SKPoint[] points)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(points[0]);
        foreach (var p in points.Skip(1)) builder.LineTo(p);
        builder.Close();
        return builder.Detach();
    }
}
