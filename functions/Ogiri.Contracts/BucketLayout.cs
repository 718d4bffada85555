namespace Ogiri.Contracts;

/// <summary>
/// The one definition of where things live in the stack's bucket (and in the local home's
/// <c>bucket/</c> folder, which mirrors it). Infra, functions, trainer and tests use only this.
/// </summary>
public static class BucketLayout
{
    /// <summary>Uploading an object whose key ends with this starts ingestion (the notification's suffix filter).</summary>
    public const string CsvSuffix = ".csv";

    public const string ImagesPrefix = "images/";
    public const string TrainingPrefix = "training/";
    public const string OutputPrefix = "output/";
    public const string ReportsPrefix = "reports/";
    public const string JobsPrefix = "jobs/";
    public const string CheckpointsPrefix = "checkpoints/";

    public static string Image(string imageKey) => ImagesPrefix + imageKey;

    /// <summary>The folder of one job's training set; the manifest channel points here.</summary>
    public static string TrainingSet(string jobName) => $"{TrainingPrefix}{jobName}/";

    public static string Manifest(string jobName) => TrainingSet(jobName) + TrainingManifest.FileName;

    /// <summary>SageMaker writes <c>S3OutputPath/&lt;job&gt;/output/model.tar.gz</c>; our S3OutputPath is <see cref="OutputPrefix"/>.</summary>
    public static string ModelArtifact(string jobName) => $"{OutputPrefix}{jobName}/output/model.tar.gz";

    /// <summary>What happened to every row of the CSV at <paramref name="csvKey"/>, and which job it started.</summary>
    public static string Report(string csvKey) => $"{ReportsPrefix}{csvKey}.json";

    /// <summary>
    /// Every local registration's report, kept: <see cref="Report"/> is the latest (the one a cloud upload's
    /// <c>--wait</c> polls), so a second register of the same CSV would otherwise lose the first one's.
    /// </summary>
    public static string ReportHistory(string csvKey, DateTimeOffset at) =>
        $"{ReportsPrefix}history/{csvKey}.{at.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture)}.json";

    /// <summary>Where a job's checkpoints are kept, so a restarted job resumes.</summary>
    public static string Checkpoints(string jobName) => $"{CheckpointsPrefix}{jobName}/";

    /// <summary>Which upload a training job was started for (its report gets the job's failure, if any).</summary>
    public static string JobRecord(string jobName) => $"{JobsPrefix}{jobName}.json";

    /// <summary>
    /// Whether uploading <paramref name="key"/> starts ingestion. Case-sensitive, exactly as the bucket notification's
    /// suffix filter: <c>a.CSV</c> would start nothing, so nothing may treat it as an upload.
    /// </summary>
    public static bool IsCsv(string key) =>
        key.EndsWith(CsvSuffix, StringComparison.Ordinal) && !key.StartsWith(ReportsPrefix, StringComparison.Ordinal);

    /// <summary>The key a CSV file is uploaded under by default: its name, with the suffix written as the filter wants it.</summary>
    public static string CsvKeyFor(string fileName) =>
        fileName.EndsWith(CsvSuffix, StringComparison.OrdinalIgnoreCase) ? fileName[..^CsvSuffix.Length] + CsvSuffix : fileName;
}
