using Ogiri.TestSupport;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Encoding;
using SkiaSharp;

namespace Ogiri.Trainer.Tests;

/// <summary>The packaged ImageNet ResNet-18 through the real ONNX Runtime: its outputs, and what its features tell apart.</summary>
public sealed class OnnxImageEncoderTests
{
    [Fact]
    public void The_graph_gives_the_pooled_vector_and_the_last_7x7_grid()
    {
        using var encoder = OnnxImageEncoder.Open(threads: 2);
        var features = encoder.Encode(ImagePixels.Decode(Emoji("🚗", 0.3f), encoder.Side));

        Assert.Equal(512, features.Width);
        Assert.Equal(1 + 7 * 7, features.TokenCount);
        Assert.StartsWith(OnnxImageEncoder.Kind + "@", encoder.Id, StringComparison.Ordinal);
        Assert.All(features.Tokens, v => Assert.True(v >= 0 && float.IsFinite(v), "ReLU and average-pool outputs are finite and not negative"));
        // The pooled vector is the mean of the grid's cells: the added output is the grid the packaged output pools.
        for (var c = 0; c < 512; c += 37)
        {
            var mean = Enumerable.Range(1, 49).Average(t => features.Tokens[t * 512 + c]);
            Assert.Equal(mean, features.Pooled[c], 3);
        }
    }

    [Fact]
    public void A_mirrored_picture_is_close_to_its_original_and_far_from_another_thing()
    {
        using var encoder = OnnxImageEncoder.Open(threads: 2);
        var car = ImagePixels.Decode(Emoji("🚗", 0.3f), encoder.Side);
        var original = encoder.Encode(car);
        var mirrored = encoder.Encode(PixelViews.Apply(car, encoder.Side, FeatureView.Mirrored));
        var banana = encoder.Encode(ImagePixels.Decode(Emoji("🍌", 0.3f), encoder.Side));
        var cat = encoder.Encode(ImagePixels.Decode(Emoji("🐱", 0.6f), encoder.Side));

        var same = Cosine(original.Pooled, mirrored.Pooled);
        Assert.True(same > 0.85, $"mirrored car: cosine {same:0.000}");
        Assert.True(same > Cosine(original.Pooled, banana.Pooled) + 0.2, $"car/banana {Cosine(original.Pooled, banana.Pooled):0.000} vs mirrored {same:0.000}");
        Assert.True(same > Cosine(original.Pooled, cat.Pooled) + 0.2, $"car/cat {Cosine(original.Pooled, cat.Pooled):0.000} vs mirrored {same:0.000}");
        // The grid is spatial: mirroring moves the thing's cells to the other side.
        Assert.NotEqual(original.Tokens[512..], mirrored.Tokens[512..]);
    }

    [Fact]
    public void Pixels_of_another_size_are_refused()
    {
        using var encoder = OnnxImageEncoder.Open(threads: 1);
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(ImagePixels.Decode(Emoji("🍌", 0.5f), 96)));
        Assert.Contains("224x224", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An emoji on a light background, off centre at <paramref name="x"/> (share of the width).</summary>
    internal static byte[] Emoji(string glyph, float x, int size = 256)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        surface.Canvas.Clear(new SKColor(230, 236, 220));
        using var typeface = SKTypeface.FromFile("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");
        using var font = new SKFont(typeface, size * 0.45f);
        using var paint = new SKPaint { IsAntialias = true };
        surface.Canvas.DrawText(glyph, size * x, size * 0.65f, SKTextAlign.Center, font, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
