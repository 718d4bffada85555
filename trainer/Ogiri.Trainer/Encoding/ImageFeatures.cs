namespace Ogiri.Trainer.Encoding;

/// <summary>
/// What a frozen pretrained encoder says about one picture: the pooled vector first, then the cells of its last
/// spatial grid, row by row, each <see cref="Width"/> floats: [1 + cells, width] flattened token-major.
/// </summary>
public sealed record ImageFeatures(int Width, float[] Tokens)
{
    public int TokenCount => Tokens.Length / Width;

    public ReadOnlySpan<float> Pooled => Tokens.AsSpan(0, Width);
}

/// <summary>The cached views of a picture: augmentation chooses among them instead of transforming pixels every step.</summary>
public enum FeatureView
{
    Original,
    Mirrored,
}

/// <summary>A frozen image encoder run outside the trained network; its features can be cached by image.</summary>
public interface IImageFeatureEncoder : IDisposable
{
    /// <summary>Names the weights and preprocessing exactly: features made by another id are never mixed with these.</summary>
    string Id { get; }

    /// <summary>How pictures are prepared for it, in words (recorded with each model).</summary>
    string Preprocessing { get; }

    /// <summary>The square side its pixels are decoded to.</summary>
    int Side { get; }

    /// <summary>Features of decoded pixels, RGB bytes channel-major [3, side, side] (what <c>ImagePixels.Decode</c> gives).</summary>
    ImageFeatures Encode(byte[] pixels);
}

/// <summary>Pixel operations that make a view of a picture.</summary>
public static class PixelViews
{
    /// <summary>A copy of channel-major [3, side, side] pixels in <paramref name="view"/>.</summary>
    public static byte[] Apply(byte[] pixels, int side, FeatureView view)
    {
        if (view == FeatureView.Original) return pixels;
        var mirrored = new byte[pixels.Length];
        for (var row = 0; row < pixels.Length / side; row++)
        {
            var from = pixels.AsSpan(row * side, side);
            var to = mirrored.AsSpan(row * side, side);
            from.CopyTo(to);
            to.Reverse();
        }
        return mirrored;
    }
}
