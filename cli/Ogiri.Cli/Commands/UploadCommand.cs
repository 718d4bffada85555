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
/// follows the upload's report until its model is deployed or it fails (<see cref="UploadProgress"/>) and prints it.
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
        var progress = new UploadProgress(new UploadRecords(store), clock, request.PollInterval ?? TimeSpan.FromSeconds(5), io.Error.WriteLineAsync);
        var end = await progress.FollowAsync(key, version, request.Timeout ?? DefaultTimeout, cancellationToken);
        if (end.Report is not null) await io.Out.WriteLineAsync(end.Report.ToJson());
        if (end.Failure is null) return ExitCodes.Ok;
        await io.Error.WriteLineAsync($"ogiri: {end.Failure}");
        return ExitCodes.Failure;
    }

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(90);
}
