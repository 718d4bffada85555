using Ogiri.Contracts;

namespace Ogiri.Cli.Commands;

/// <summary>How many evaluation pairs the model was trained on: figures on seen pairs measure memory, not answers to new pictures.</summary>
public static class TrainingSetOverlap
{
    /// <summary>The count, or null when the version's training set is not in the home (a model copied in from elsewhere).</summary>
    public static async Task<int?> CountAsync(OgiriHome home, string version, IEnumerable<(string ImageKey, string Answer)> pairs,
        CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(home.Bucket, BucketLayout.Manifest(version));
        if (!File.Exists(manifest)) return null;
        var trained = new HashSet<(string, string)>();
        using (var reader = new StreamReader(manifest))
        {
            await foreach (var entry in TrainingManifest.ReadAsync(reader, TrainingManifest.FileName, cancellationToken))
                trained.Add((entry.Image, entry.Caption.Trim()));
        }
        return pairs.Count(p => trained.Contains((p.ImageKey, p.Answer.Trim())));
    }
}
