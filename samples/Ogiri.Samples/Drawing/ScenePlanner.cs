using Ogiri.Samples.Catalogue;
using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>
/// Chooses a background, the thing's position, size and rotation, and where a sign goes, from a
/// seeded random source. Every choice is made here so that drawing itself involves no chance.
/// </summary>
public static class ScenePlanner
{
    public const int Width = 256;
    public const int Height = 256;

    // Dark text on a light board: white-on-colour boards were mostly missed by Tesseract.
    private static readonly SignStyle[] SignStyles =
    [
        new(SKColors.White, SKColors.Black, new SKColor(110, 110, 110)),
        new(new SKColor(255, 214, 0), SKColors.Black, new SKColor(90, 70, 20)),
        new(new SKColor(250, 245, 230), new SKColor(30, 30, 30), new SKColor(90, 60, 30)),
    ];

    /// <summary>
    /// Sign text height: OCR upscales a picture's short side to about 1000 px, and Tesseract's Japanese
    /// model reads best when characters then stand 60–70 px tall; much larger, and it reads nothing.
    /// </summary>
    public const float SignFontSize = 17;

    public static Scene Plan(Thing thing, string? sign, Random random)
    {
        var backdrop = PlanBackdrop(random);
        if (sign is null)
        {
            var size = Next(random, 90, 170);
            var margin = size * 0.55f;
            return new Scene(thing, backdrop, new Placement(
                Next(random, margin, Width - margin), Next(random, margin, Height - margin), size, Next(random, -30, 30)), null);
        }

        // The sign takes the top or bottom band; the thing gets the rest, a little smaller and less tilted.
        var signOnTop = random.Next(2) == 0;
        var signHalfWidth = sign.Length * SignFontSize * 0.5f + 10;
        var signY = signOnTop ? Next(random, 20, 50) : Next(random, Height - 75, Height - 45);
        var board = new SignBoard(sign, SignStyles[random.Next(SignStyles.Length)],
            Next(random, signHalfWidth + 4, Width - signHalfWidth - 4), signY, SignFontSize);
        var thingSize = Next(random, 90, 130);
        var bandTop = signOnTop ? 75f : 0f;
        var bandBottom = signOnTop ? Height : Height - 85f;
        var half = thingSize * 0.55f;
        var placement = new Placement(
            Next(random, half, Width - half),
            Next(random, bandTop + half, MathF.Max(bandTop + half, bandBottom - half)),
            thingSize,
            Next(random, -20, 20));
        return new Scene(thing, backdrop, placement, board);
    }

    private static Backdrop PlanBackdrop(Random random)
    {
        var kind = (BackdropKind)random.Next(Enum.GetValues<BackdropKind>().Length);
        var hue = Next(random, 0, 360);
        var first = SKColor.FromHsv(hue, Next(random, 15, 70), Next(random, 75, 100));
        var second = SKColor.FromHsv((hue + Next(random, 40, 200)) % 360, Next(random, 20, 80), Next(random, 55, 95));
        return new Backdrop(kind, first, second, Next(random, 0, 180), random.Next());
    }

    private static float Next(Random random, float min, float max) => min + (float)random.NextDouble() * (max - min);
}
