using Amazon.Runtime;
using Ogiri.Aws;
using Ogiri.Aws.Storage;
using Ogiri.Cli.Cloud;
using Ogiri.Contracts;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Cli.Commands;

/// <param name="Key">The object key (default: the file's name); reports/&lt;key&gt;.json tells what happened.</param>
/// <param name="Endpoint">An S3-compatible endpoint instead of the region's (also from OGIRI_S3_ENDPOINT).</param>
/// <param name="Bucket">The stack's bucket, or null with <paramref name="Stack"/>.</param>
/// <param name="Profile">The AWS profile (else AWS_PROFILE, else the default chain); see <see cref="AwsSignIn"/>.</param>
/// <param name="Stack">A Pulumi stack whose outputs give the bucket (and whose settings the region).</param>
public sealed record UploadRequest(
    string CsvPath, string? Bucket, string? Region, bool Wait, string? Key = null, string? Endpoint = null,
    TimeSpan? PollInterval = null, TimeSpan? Timeout = null, string? Profile = null, string? Stack = null);

/// <summary>
/// <c>ogiri upload</c>: puts a CSV (after the images it names by local path, see <see cref="LocalImageUpload"/>) into
/// the stack's bucket, signed in as <see cref="AwsSignIn"/> resolves it, which starts the cloud pipeline; with --wait,
/// polls the upload's report until it is final and prints it.
/// </summary>
public sealed class UploadCommand(ConsoleIo io, Func<string, string?> environment, TimeProvider clock, AWSCredentials? credentials = null,
    IStackOutputs? stacks = null)
{
    public async Task<int> RunAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(request.CsvPath);
        if (!File.Exists(path))
        {
            await io.Error.WriteLineAsync($"ogiri: {request.CsvPath}: no such file");
            return ExitCodes.BadInput;
        }
        var key = request.Key ?? BucketLayout.CsvKeyFor(Path.GetFileName(path));
        if (!BucketLayout.IsCsv(key))
        {
            await io.Error.WriteLineAsync($"ogiri: key '{key}' must end with {BucketLayout.CsvSuffix} (lower-case, outside {BucketLayout.ReportsPrefix}) to start ingestion");
            return ExitCodes.BadInput;
        }
        AwsConnection connection;
        CsvUploadPlan plan;
        string bucket;
        try
        {
            plan = await LocalImageUpload.PlanAsync(path, cancellationToken);
            var target = await UploadTarget.ResolveAsync(request, stacks ?? new PulumiStackOutputs(), cancellationToken);
            bucket = target.Bucket;
            connection = await AwsSignIn.ConnectAsync(environment, request.Profile, request.Region ?? target.Region, credentials, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or CsvFileException)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (request.Endpoint is not null) connection = connection with { S3Endpoint = new Uri(request.Endpoint) };

        using var s3 = connection.CreateS3();
        var store = new S3ObjectStore(s3, bucket);
        var content = plan.Images.Count == 0
            ? await File.ReadAllBytesAsync(path, cancellationToken)
            : await LocalImageUpload.UploadAsync(plan, store, bucket,
                image => io.Error.WriteLineAsync($"  {Path.GetFileName(path)}:{image.Line}: {Path.GetFileName(image.FilePath)} -> s3://{bucket}/{image.ObjectKey}"), cancellationToken);
        await store.PutAsync(key, content, "text/csv", cancellationToken);
        await io.Error.WriteLineAsync($"uploaded s3://{bucket}/{key}; the report will be at s3://{bucket}/{BucketLayout.Report(key)}");
        if (!request.Wait) return ExitCodes.Ok;

        using var hashed = new MemoryStream(content, writable: false);
        var version = await UploadVersion.OfAsync(hashed, cancellationToken);
        var report = await WaitForReportAsync(new UploadRecords(store), key, version, request, cancellationToken);
        if (report is null)
        {
            await io.Error.WriteLineAsync($"ogiri: no final report for {key} after {request.Timeout ?? DefaultTimeout}");
            return ExitCodes.Failure;
        }
        await io.Out.WriteLineAsync(report.ToJson());
        return report.TrainingJob is not null && report.TrainingFailure is null ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(60);

    /// <summary>The report of this very upload (same content hash) once nothing but the job's outcome can change in it.</summary>
    private async Task<IngestionReport?> WaitForReportAsync(UploadRecords records, string key, string version, UploadRequest request,
        CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + (request.Timeout ?? DefaultTimeout);
        var lastRows = -1;
        while (clock.GetUtcNow() < until)
        {
            var report = await TryReadReportAsync(records, key, cancellationToken);
            if (report?.SourceVersion == version)
            {
                if (report.IsFinal) return report;
                if (report.Rows != lastRows) await io.Error.WriteLineAsync($"  {report.Rows} rows so far ({report.Registered} registered)");
                lastRows = report.Rows;
            }
            await Task.Delay(request.PollInterval ?? TimeSpan.FromSeconds(5), clock, cancellationToken);
        }
        return null;
    }

    /// <summary>A report read while the worker rewrites it may arrive torn (checksum mismatch, cut JSON): that poll is skipped.</summary>
    private static async Task<IngestionReport?> TryReadReportAsync(UploadRecords records, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await records.ReadReportAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is AmazonClientException or IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
