namespace Ogiri.Contracts;

/// <summary>
/// The training-data table: DynamoDB <c>OgiriTrainingDataTable</c> in the cloud, a SQLite table of the
/// same name and key semantics locally. One item per (image, expected answer) pair.
/// </summary>
public static class TrainingTableSchema
{
    public const string TableName = "OgiriTrainingDataTable";

    /// <summary>Partition key (S): content hash of the image plus its format's extension; see <see cref="ImageKeys"/>.</summary>
    public const string ImageKey = "ImageKey";

    /// <summary>Sort key (S): the answer, trimmed and NFC-normalised.</summary>
    public const string ExpectedResult = "ExpectedResult";

    /// <summary>DynamoDB's limit on a sort key value: 1,024 bytes of UTF-8.</summary>
    public const int MaxSortKeyBytes = 1024;

    /// <summary>List of maps {Name (S), Confidence (N, 0–100 as Rekognition reports it)}.</summary>
    public const string Labels = "Labels";
    public const string LabelName = "Name";
    public const string LabelConfidence = "Confidence";

    /// <summary>Optional (S): text found in the image, words joined by spaces.</summary>
    public const string DetectedText = "DetectedText";

    /// <summary>(S) the image reference exactly as the CSV gave it.</summary>
    public const string Source = "Source";

    /// <summary>(S) the key of the CSV the pair came from.</summary>
    public const string SourceCsv = "SourceCsv";

    /// <summary>(N) the physical line the record started on in that CSV.</summary>
    public const string SourceLine = "SourceLine";

    /// <summary>(S) ISO 8601 UTC time of registration.</summary>
    public const string RegisteredAt = "RegisteredAt";
}
