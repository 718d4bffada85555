using System.Security.Cryptography;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Ingestion;

public enum UploadState
{
    /// <summary>Registration stopped early to stay within the time allowed; run again to continue.</summary>
    Paused,
    TrainingStarted,
    /// <summary>This upload was handled before (a redelivered event): nothing new was started.</summary>
    AlreadyHandled,
    /// <summary>Registration finished but the table has no pair to train on.</summary>
    NothingToTrain,
    /// <summary>The file as a whole was refused; the report says why.</summary>
    Refused,
}

public sealed record UploadOutcome(UploadState State, IngestionReport Report);

/// <summary>
/// An uploaded CSV from its object to a started training job, in as many runs as it takes: each run
/// registers rows until told to pause, keeping its place in the upload's report; the run that registers
/// the last row snapshots the table and starts the job. Running it again after that starts nothing new.
/// </summary>
public sealed class UploadIngestion(
    IObjectStore store,
    PairRegistration registration,
    TrainingSetSnapshot snapshot,
    ITrainingJobs jobs,
    Func<string> newJobName)
{
    private readonly UploadRecords records = new(store);

    public async Task<UploadOutcome> ProcessAsync(string csvKey, RegistrationOptions options, Func<bool> shouldPause,
        CancellationToken cancellationToken)
    {
        async Task<Stream> Open(CancellationToken ct) =>
            await store.OpenReadAsync(csvKey, ct) ?? throw new CsvFileException($"{csvKey}: no such object in the bucket");

        string version;
        try
        {
            await using var csv = await Open(cancellationToken);
            version = await UploadVersion.OfAsync(csv, cancellationToken);
        }
        catch (CsvFileException e)
        {
            return await RefuseAsync(csvKey, e, null, cancellationToken);
        }

        var previous = await records.ReadReportAsync(csvKey, cancellationToken);
        if (previous?.SourceVersion != version) previous = null;
        // The job of this upload failed or was stopped: the same bytes again ask for a new one (how a user retries).
        if (previous is { ResumeAfterLine: null, TrainingJob: not null, TrainingFailure: not null }) previous = null;
        if (previous is { ResumeAfterLine: null })
        {
            if (previous.TrainingJob is { } started) await jobs.StartAsync(started, cancellationToken);
            return new UploadOutcome(UploadState.AlreadyHandled, previous);
        }

        RegistrationRun run;
        try
        {
            run = await registration.RegisterUntilAsync(Open, csvKey,
                options with { ResumeAfterLine = previous?.ResumeAfterLine ?? 0 }, null, shouldPause, cancellationToken);
        }
        catch (CsvFileException e)
        {
            return await RefuseAsync(csvKey, e, version, cancellationToken);
        }

        var report = (previous?.Plus(run.Report) ?? run.Report) with { SourceVersion = version, ResumeAfterLine = run.PausedAfterLine };
        if (run.PausedAfterLine is not null)
        {
            await records.WriteReportAsync(csvKey, report, cancellationToken);
            return new UploadOutcome(UploadState.Paused, report);
        }

        var job = newJobName();
        var (pairs, _) = await snapshot.WriteAsync(job, cancellationToken);
        if (pairs == 0)
        {
            report = report with { TrainingFailure = "no registered pairs to train on" };
            await records.WriteReportAsync(csvKey, report, cancellationToken);
            return new UploadOutcome(UploadState.NothingToTrain, report);
        }
        // The job's name is saved before the job starts, so a redelivered event finds it and starts no other.
        report = report with { TrainingJob = job };
        await records.WriteJobAsync(job, new TrainingJobRecord(csvKey), cancellationToken);
        await records.WriteReportAsync(csvKey, report, cancellationToken);
        await jobs.StartAsync(job, cancellationToken);
        return new UploadOutcome(UploadState.TrainingStarted, report);
    }

    private async Task<UploadOutcome> RefuseAsync(string csvKey, CsvFileException e, string? version, CancellationToken cancellationToken)
    {
        var report = new IngestionReport(csvKey, 0, 0, 0, 0, []) { Error = e.Message, SourceVersion = version };
        await records.WriteReportAsync(csvKey, report, cancellationToken);
        return new UploadOutcome(UploadState.Refused, report);
    }
}

/// <summary>
/// SHA-256 of an uploaded CSV's bytes, in its report: tells a redelivered event from a new upload under the
/// same key, and tells an uploader waiting for the report which upload a report is about.
/// </summary>
public static class UploadVersion
{
    public static async Task<string> OfAsync(Stream csv, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(csv, cancellationToken));
}
