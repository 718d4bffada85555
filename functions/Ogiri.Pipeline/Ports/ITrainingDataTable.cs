using Ogiri.Contracts;

namespace Ogiri.Pipeline.Ports;

/// <summary>What was learnt about one image: labels (confidence 0–100) and the text found in it.</summary>
public sealed record ImageAnalysis(IReadOnlyList<Label> Labels, string? DetectedText);

/// <summary>One registered (image, expected answer) pair, as the table holds it.</summary>
public sealed record TrainingPair(
    string ImageKey,
    string ExpectedResult,
    ImageAnalysis Analysis,
    string Source,
    string SourceCsv,
    int SourceLine,
    DateTimeOffset RegisteredAt);

/// <summary>The table refused this one pair (for example a key over DynamoDB's size limit): a row error, not a failed run.</summary>
public sealed class PairRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// <c>OgiriTrainingDataTable</c>: DynamoDB in the cloud, SQLite locally. Keyed by (ImageKey, ExpectedResult)
/// with exact, case-sensitive string comparison, as DynamoDB compares keys.
/// </summary>
public interface ITrainingDataTable
{
    Task<bool> ContainsPairAsync(string imageKey, string expectedResult, CancellationToken cancellationToken);

    /// <summary>The analysis stored with any pair of this image, or null when the image has no pair yet.</summary>
    Task<ImageAnalysis?> FindAnalysisAsync(string imageKey, CancellationToken cancellationToken);

    /// <summary>Adds the pair unless one with the same key exists (a conditional put); false when it existed.</summary>
    Task<bool> TryAddPairAsync(TrainingPair pair, CancellationToken cancellationToken);

    IAsyncEnumerable<TrainingPair> ScanAsync(CancellationToken cancellationToken);
}
