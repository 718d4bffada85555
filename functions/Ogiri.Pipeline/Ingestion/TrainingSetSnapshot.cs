using System.Runtime.CompilerServices;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Ingestion;

/// <summary>
/// Freezes the table into a job's training set: <c>training/&lt;job&gt;/manifest.jsonl</c>. Images are
/// content-addressed under <c>images/</c> and never change, so the images channel points there.
/// </summary>
public sealed class TrainingSetSnapshot(IObjectStore store, ITrainingDataTable table)
{
    /// <summary>Writes the manifest and returns how many pairs and distinct images it holds.</summary>
    public async Task<(int Pairs, int Images)> WriteAsync(string jobName, CancellationToken cancellationToken)
    {
        var imageKeys = new HashSet<string>(StringComparer.Ordinal);
        var pairs = 0;
        using var buffer = new MemoryStream();
        await TrainingManifest.WriteAsync(buffer, Entries(cancellationToken), cancellationToken);
        await store.PutAsync(BucketLayout.Manifest(jobName), buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
            "application/jsonl", cancellationToken);
        return (pairs, imageKeys.Count);

        async IAsyncEnumerable<ManifestEntry> Entries([EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var pair in table.ScanAsync(ct))
            {
                pairs++;
                imageKeys.Add(pair.ImageKey);
                yield return new ManifestEntry(pair.ImageKey, pair.ExpectedResult, pair.Analysis.Labels, pair.Analysis.DetectedText);
            }
        }
    }
}
