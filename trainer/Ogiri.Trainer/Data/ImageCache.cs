namespace Ogiri.Trainer.Data;

/// <summary>
/// Every image decoded and resized once to <see cref="Side"/> pixels square (a margin above the
/// model's input size, for random crops). Epochs read bytes from here and never decode again.
/// </summary>
public sealed class ImageCache
{
    private readonly byte[][] pixels;

    private ImageCache(int side, byte[][] pixels)
    {
        Side = side;
        this.pixels = pixels;
    }

    public int Side { get; }
    public int Count => pixels.Length;

    /// <summary>The cached pixels of image <paramref name="index"/> (shared, not copied: callers only read).</summary>
    public byte[] Pixels(int index) => pixels[index];

    /// <summary>Decodes the images in parallel; a file that fails names itself.</summary>
    public static async Task<ImageCache> BuildAsync(IReadOnlyList<string> paths, int side, CancellationToken cancellationToken)
    {
        var result = new byte[paths.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), cancellationToken, async (i, ct) =>
        {
            var bytes = await File.ReadAllBytesAsync(paths[i], ct);
            try
            {
                result[i] = ImagePixels.Decode(bytes, side);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{paths[i]}: {e.Message}", e);
            }
        });
        return new ImageCache(side, result);
    }

    public static ImageCache FromPixels(int side, IEnumerable<byte[]> pixels) => new(side, [.. pixels]);
}
