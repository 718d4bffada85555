using Amazon.Runtime;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Cli.Cloud;

/// <summary>How following an upload ended: <paramref name="Failure"/> is null only when its model is deployed.</summary>
/// <param name="Report">The last report of this upload that was read, if any.</param>
public sealed record UploadEnd(IngestionReport? Report, string? Failure);

/// <summary>
/// Follows one upload's report (<c>ogiri upload --wait</c>) from registration to its model on the endpoint:
/// registered → training (the job) → deployed (endpoint, version), or the reason it stopped. Each stage is told once,
/// in order, as soon as a poll sees it reached (stages passed between two polls are told together).
/// </summary>
public sealed class UploadProgress(UploadRecords records, TimeProvider clock, TimeSpan pollInterval, Func<string, Task> tell)
{
    private enum Stage { None, Registered, Training, Retrying }

    /// <param name="version">The content hash of the uploaded bytes: a report of an earlier upload under the same key is not the answer.</param>
    public async Task<UploadEnd> FollowAsync(string key, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + timeout;
        var told = Stage.None;
        var lastRows = -1;
        IngestionReport? last = null;
        while (true)
        {
            var report = await TryReadReportAsync(key, cancellationToken);
            if (report?.SourceVersion == version)
            {
                last = report;
                if (!report.IsFinal)
                {
                    if (report.Rows != lastRows) await tell($"  {report.Rows} rows so far ({report.Registered} registered)");
                    lastRows = report.Rows;
                }
                else
                {
                    if (report.Error is not null) return new(report, report.Error);
                    if (told < Stage.Registered)
                    {
                        await tell($"registered: {report.Registered} of {report.Rows} rows ({report.Duplicates} duplicates, {report.Failed.Count} failed)");
                        told = Stage.Registered;
                    }
                    if (report.TrainingJob is not null && told < Stage.Training)
                    {
                        await tell($"training: {report.TrainingJob}");
                        told = Stage.Training;
                    }
                    if (Ended(report) is { } end)
                    {
                        if (end.Failure is null) await tell($"deployed: {report.Deployment!.Endpoint} serves {report.Deployment.Version} ({report.Deployment.Reason})");
                        return end;
                    }
                    if (report.Deployment is { Outcome: DeploymentOutcomeKind.Retrying } retrying && told < Stage.Retrying)
                    {
                        await tell($"deploying: {retrying.Reason}; the end worker tries again");
                        told = Stage.Retrying;
                    }
                }
            }
            if (clock.GetUtcNow() >= until)
                return new(last, $"no deployment for {key} after {timeout} (last stage: {Describe(told)})");
            await Task.Delay(pollInterval, clock, cancellationToken);
        }
    }

    /// <summary>The upload's end when the report tells it: its model deployed, kept off, or a failure.</summary>
    private static UploadEnd? Ended(IngestionReport report) => report.Deployment switch
    {
        { Outcome: DeploymentOutcomeKind.Deployed } => new(report, null),
        { Outcome: DeploymentOutcomeKind.Kept } d => new(report, $"not deployed: {d.Reason} on {d.Endpoint}"),
        { Outcome: DeploymentOutcomeKind.Failed } d => new(report, d.Reason ?? "the deployment failed"),
        null when report.TrainingFailure is not null => new(report, $"training {report.TrainingFailure}"),
        _ => null,
    };

    private static string Describe(Stage stage) => stage switch
    {
        Stage.None => "registering",
        Stage.Registered => "registered",
        Stage.Training => "training",
        _ => "deploying",
    };

    /// <summary>A report read while the worker rewrites it may arrive torn (checksum mismatch, cut JSON): that poll is skipped.</summary>
    private async Task<IngestionReport?> TryReadReportAsync(string key, CancellationToken cancellationToken)
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
