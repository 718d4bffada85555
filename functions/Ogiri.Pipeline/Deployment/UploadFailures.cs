using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Deployment;

/// <summary>
/// An upload whose start worker failed for good (Lambda gave up retrying it): its report says so, so no upload is
/// dropped without a word and an uploader waiting for the report learns why.
/// </summary>
public sealed class UploadFailures(IObjectStore store, UploadRecords records)
{
    public async Task RecordAsync(string csvKey, string reason, CancellationToken cancellationToken)
    {
        await using var csv = await store.OpenReadAsync(csvKey, cancellationToken);
        var version = csv is null ? null : await UploadVersion.OfAsync(csv, cancellationToken);
        var report = await records.ReadReportAsync(csvKey, cancellationToken);
        if (report?.SourceVersion != version || report is null) report = new IngestionReport(csvKey, 0, 0, 0, 0, []) { SourceVersion = version };
        // A later run finished it after all: the job it started is the answer.
        if (report is { ResumeAfterLine: null, TrainingJob: not null }) return;
        await records.WriteReportAsync(csvKey, report with { Error = $"the start worker failed: {reason}", ResumeAfterLine = null }, cancellationToken);
    }
}
