using Ogiri.Contracts;

namespace Ogiri.Trainer.Data;

/// <summary>A training set on disk that cannot be used: the message says what and where.</summary>
public sealed class TrainingSetException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a training set from the two input channels: <c>manifest/manifest.jsonl</c> and the images
/// folder it points into. Every image is decoded once into an <see cref="ImageCache"/>.
/// </summary>
public static class TrainingSetReader
{
    public static async Task<CaptionDataset> ReadAsync(string manifestChannel, string imagesChannel, int cacheSide, CancellationToken cancellationToken)
    {
        var entries = await ReadManifestAsync(manifestChannel, cancellationToken);
        if (!Directory.Exists(imagesChannel))
            throw new TrainingSetException($"input channel '{TrainingChannels.Images}' is missing: {imagesChannel} does not exist");
        var keys = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<CaptionExample>();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(imagesChannel));
        foreach (var (entry, line) in entries)
        {
            if (!index.TryGetValue(entry.Image, out var i))
            {
                var path = Path.GetFullPath(Path.Combine(root, entry.Image));
                if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new TrainingSetException($"{TrainingManifest.FileName}:{line}: image '{entry.Image}' points outside the images channel");
                if (!File.Exists(path))
                    throw new TrainingSetException($"{TrainingManifest.FileName}:{line}: image '{entry.Image}' is not in the images channel ({imagesChannel})");
                i = keys.Count;
                index[entry.Image] = i;
                keys.Add(entry.Image);
            }
            examples.Add(new CaptionExample(i, entry.Caption, entry.Labels, entry.Text));
        }
        ImageCache cache;
        try
        {
            cache = await ImageCache.BuildAsync([.. keys.Select(k => Path.Combine(root, k))], cacheSide, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new TrainingSetException($"an image of the training set is unusable: {e.Message}", e);
        }
        return new CaptionDataset(keys, cache, examples);
    }

    private static async Task<List<(ManifestEntry Entry, int Line)>> ReadManifestAsync(string manifestChannel, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(manifestChannel))
            throw new TrainingSetException($"input channel '{TrainingChannels.Manifest}' is missing: {manifestChannel} does not exist");
        var path = Path.Combine(manifestChannel, TrainingManifest.FileName);
        if (!File.Exists(path))
            throw new TrainingSetException($"input channel '{TrainingChannels.Manifest}' holds no {TrainingManifest.FileName} ({manifestChannel})");
        var entries = new List<(ManifestEntry, int)>();
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            var line = 0;
            await foreach (var entry in TrainingManifest.ReadAsync(reader, TrainingManifest.FileName, cancellationToken))
            {
                line++;
                entries.Add((entry, line));
            }
        }
        catch (InvalidDataException e)
        {
            throw new TrainingSetException(e.Message, e);
        }
        return entries.Count > 0 ? entries
            : throw new TrainingSetException($"the training set is empty: {TrainingManifest.FileName} holds no pairs");
    }
}
