using Ogiri.Contracts;
using Ogiri.Pipeline.Images;
using SkiaSharp;

namespace Ogiri.Cli.Embedded;

/// <summary>
/// The local stand-in for Rekognition's labels. It is honest about what it is: it names the
/// dominant colours of the picture (confidence = share of the picture, on Rekognition's 0–100
/// scale) and says whether it is mostly light or dark. It cannot recognise objects.
/// </summary>
public static class ColourLabeler
{
    private const int Side = 48;

    public static IReadOnlyList<Label> Label(ReadOnlySpan<byte> image, int maxLabels = 4)
    {
        // Read small and upright: 48 px of colour need no more than a few hundred of the original.
        using var decoded = PictureDecoder.DecodeWithin(image, 8 * Side);
        using var small = decoded.Resize(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        double brightness = 0;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var c = small.GetPixel(x, y);
                c.ToHsv(out var h, out var s, out var v);
                brightness += v;
                var name = Name(h, s / 100f, v / 100f);
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }
        const double total = Side * Side;
        var labels = counts
            .Where(kv => kv.Value / total >= 0.08)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxLabels - 1)
            .Select(kv => new Label(kv.Key, Math.Round(100.0 * kv.Value / total, 2)))
            .ToList();
        var mean = brightness / total / 100;
        labels.Add(mean >= 0.5
            ? new Label("Bright", Math.Round(100 * mean, 2))
            : new Label("Dark", Math.Round(100 * (1 - mean), 2)));
        return labels;
    }

    private static string Name(float hue, float saturation, float value)
    {
        if (value < 0.18f) return "Black";
        if (saturation < 0.18f) return value > 0.82f ? "White" : "Gray";
        return hue switch
        {
            < 15 or >= 345 => "Red",
            < 40 => value < 0.6f ? "Brown" : "Orange",
            < 70 => "Yellow",
            < 165 => "Green",
            < 195 => "Cyan",
            < 255 => "Blue",
            < 290 => "Purple",
            _ => "Pink",
        };
    }
}
