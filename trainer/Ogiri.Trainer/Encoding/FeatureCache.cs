using System.Runtime.InteropServices;

namespace Ogiri.Trainer.Encoding;

/// <summary>
/// Features of a frozen encoder on disk, one file per image key (a content hash), view and encoder id:
/// <c>FOLDER/ENCODER-ID/IMAGE-KEY.VIEW.f32</c> (width as an int, then the floats, little-endian). An image's
/// features never change under its key, so every run, every epoch and every job reads them instead of running
/// the encoder again; a different encoder (weights or preprocessing) has a different id and folder.
/// </summary>
public sealed class FeatureCache(string folder, IImageFeatureEncoder encoder)
{
    private readonly string root = Path.Combine(folder, encoder.Id);

    public int Hits { get; private set; }
    public int Misses { get; private set; }

    /// <summary>Features of <paramref name="imageKey"/> in <paramref name="view"/>; <paramref name="pixels"/> (at the encoder's side) are encoded only on a miss.</summary>
    public ImageFeatures Get(string imageKey, Func<byte[]> pixels, FeatureView view)
    {
        var path = Path.Combine(root, $"{imageKey}.{view.ToString().ToLowerInvariant()}.f32");
        if (Read(path) is { } cached)
        {
            Hits++;
            return cached;
        }
        Misses++;
        var features = encoder.Encode(PixelViews.Apply(pixels(), encoder.Side, view));
        Write(path, features);
        return features;
    }

    private static ImageFeatures? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4) return null;
        var width = BitConverter.ToInt32(bytes, 0);
        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(4)).ToArray();
        // A torn or foreign file is encoded again rather than trusted.
        return width > 0 && floats.Length > 0 && floats.Length % width == 0 ? new ImageFeatures(width, floats) : null;
    }

    private static void Write(string path, ImageFeatures features)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(BitConverter.GetBytes(features.Width));
            file.Write(MemoryMarshal.AsBytes(features.Tokens.AsSpan()));
        }
        // A rename is atomic: readers see a whole file or none, also when two runs fill the cache at once.
        File.Move(temporary, path, overwrite: true);
    }
}
