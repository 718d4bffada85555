using System.Text;
using Ogiri.Contracts;

namespace Ogiri.TestSupport;

/// <summary>Writes training sets the way the snapshot step does: images by ImageKey, one manifest line per pair.</summary>
public static class TrainingSets
{
    public static (string Manifest, string Images) Write(TempDir dir, IReadOnlyList<SyntheticImage> images, string? textOf = null)
    {
        var manifest = Path.Combine(dir.Path, "input", "data", TrainingChannels.Manifest);
        var imagesDir = Path.Combine(dir.Path, "input", "data", TrainingChannels.Images);
        Directory.CreateDirectory(manifest);
        Directory.CreateDirectory(imagesDir);
        var lines = new StringBuilder();
        foreach (var image in images)
        {
            var key = ImageKeys.For(image.Png, "png");
            File.WriteAllBytes(Path.Combine(imagesDir, key), image.Png);
            foreach (var answer in image.Answers)
                lines.Append(TrainingManifest.ToLine(new ManifestEntry(key, answer, [new Label("Bright", 60)], textOf))).Append('\n');
        }
        File.WriteAllText(Path.Combine(manifest, TrainingManifest.FileName), lines.ToString());
        return (manifest, imagesDir);
    }

    /// <summary>
    /// A model small enough to train in seconds on two cores, on the default image encoder (the pretrained one: each
    /// picture is encoded once, the rest is small).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Tiny(params (string Name, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>
        {
            ["model_dim"] = "64", ["heads"] = "2", ["ff_dim"] = "128",
            ["decoder_layers"] = "1", ["memory_layers"] = "1", ["batch_size"] = "16", ["threads"] = "2", ["warmup_steps"] = "10",
        };
        foreach (var (name, value) in overrides) values[name] = value;
        return values;
    }

    /// <summary><see cref="Tiny"/> with the small CNN trained from scratch on 32 px pictures.</summary>
    public static IReadOnlyDictionary<string, string> TinyCnn(params (string Name, string Value)[] overrides) =>
        Tiny([("encoder", "cnn"), ("image_size", "32"), ("encoder_channels", "16,32,64"), .. overrides]);
}
