using Ogiri.Contracts;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Deployment;

/// <summary>A training job reached an end state (SageMaker's state-change event).</summary>
public sealed record TrainingJobEnded(string JobName, TrainingJobStatus Status, string? FailureReason);

/// <summary>
/// The second half of the pipeline: a completed job's model goes to the endpoint (created the first time,
/// updated after that, never replaced by an older one); a failed or stopped job's reason goes into its
/// upload's report. Either way the report's <see cref="IngestionReport.Deployment"/> says what became of the
/// model. Safe to run again on the same event.
/// </summary>
public sealed class ModelDeployment(ITrainingJobs jobs, IModelHosting hosting, UploadRecords records, string endpointName)
{
    public async Task<DeploymentDecision> HandleAsync(TrainingJobEnded ended, CancellationToken cancellationToken)
    {
        switch (ended.Status)
        {
            case TrainingJobStatus.Failed or TrainingJobStatus.Stopped:
                var failure = $"{ended.Status}: {ended.FailureReason ?? "no reason given"}";
                await RecordAsync(ended.JobName, report => report with
                {
                    TrainingFailure = failure,
                    Deployment = new(DeploymentOutcomeKind.Failed, endpointName, null, $"the training job {failure}"),
                }, cancellationToken);
                return new(DeploymentAction.Nothing, $"{ended.JobName} ended {failure}");
            case not TrainingJobStatus.Completed:
                return new(DeploymentAction.Nothing, $"{ended.JobName} is {ended.Status}, not finished");
        }

        var version = ResourceNames.ModelVersion(ended.JobName);
        DeploymentDecision decision;
        EndpointState? endpoint;
        try
        {
            (decision, endpoint) = await DeployAsync(ended.JobName, version, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Told in the report, then thrown so that Lambda's retries may still deploy it.
            await RecordOutcomeAsync(ended.JobName, new(DeploymentOutcomeKind.Failed, endpointName, null, e.Message), cancellationToken);
            throw;
        }
        await RecordOutcomeAsync(ended.JobName, OutcomeOf(decision, version, endpoint), cancellationToken);
        return decision;
    }

    private async Task<(DeploymentDecision, EndpointState?)> DeployAsync(string jobName, string version, CancellationToken cancellationToken)
    {
        var job = await jobs.DescribeAsync(jobName, cancellationToken);
        if (job.Status is not TrainingJobStatus.Completed || job.ModelArtifact is null)
            throw new InvalidOperationException($"training job {jobName} is {job.Status} with no model artifact, yet its event said Completed");

        var endpoint = await hosting.DescribeEndpointAsync(cancellationToken);
        var decision = DeploymentPlanner.Decide(version, endpoint);
        try
        {
            switch (decision.Action)
            {
                case DeploymentAction.CreateEndpoint:
                    await hosting.CreateVersionAsync(version, job.ModelArtifact, cancellationToken);
                    await hosting.CreateEndpointAsync(version, cancellationToken);
                    break;
                case DeploymentAction.UpdateEndpoint:
                    await hosting.CreateVersionAsync(version, job.ModelArtifact, cancellationToken);
                    await hosting.UpdateEndpointAsync(version, cancellationToken);
                    break;
                case DeploymentAction.ReplaceFailedEndpoint:
                    await hosting.DeleteEndpointAsync(cancellationToken);
                    return (new(DeploymentAction.RetryLater, decision.Reason + "; deleting it first"), endpoint);
            }
        }
        catch (EndpointBusyException e)
        {
            // Another event changed the endpoint between our look and our change.
            return (new(DeploymentAction.RetryLater, e.Message), endpoint);
        }
        return (decision, endpoint);
    }

    /// <summary>The decision in the upload's words: is its model (or a newer one) what the endpoint serves?</summary>
    private DeploymentOutcome OutcomeOf(DeploymentDecision decision, string version, EndpointState? endpoint) => decision.Action switch
    {
        DeploymentAction.CreateEndpoint => new(DeploymentOutcomeKind.Deployed, endpointName, version, "the endpoint is being created on this model"),
        DeploymentAction.UpdateEndpoint => new(DeploymentOutcomeKind.Deployed, endpointName, version, $"the endpoint is being updated to this model; it {decision.Reason}"),
        DeploymentAction.RetryLater or DeploymentAction.ReplaceFailedEndpoint =>
            new(DeploymentOutcomeKind.Retrying, endpointName, endpoint?.DeployedVersion, decision.Reason),
        _ when endpoint?.DeployedVersion == version => new(DeploymentOutcomeKind.Deployed, endpointName, version, decision.Reason),
        _ when endpoint is not null && ResourceNames.PrefixOf(endpoint.DeployedVersion) == ResourceNames.PrefixOf(version) =>
            new(DeploymentOutcomeKind.Kept, endpointName, endpoint.DeployedVersion, decision.Reason),
        _ => new(DeploymentOutcomeKind.Failed, endpointName, endpoint?.DeployedVersion, decision.Reason),
    };

    private Task RecordOutcomeAsync(string jobName, DeploymentOutcome outcome, CancellationToken cancellationToken) =>
        RecordAsync(jobName, report => report with { Deployment = outcome }, cancellationToken);

    /// <summary>Changes the report of the upload that started <paramref name="jobName"/>, if it is still that upload's.</summary>
    private async Task RecordAsync(string jobName, Func<IngestionReport, IngestionReport> change, CancellationToken cancellationToken)
    {
        var record = await records.ReadJobAsync(jobName, cancellationToken);
        if (record is null) return;
        var report = await records.ReadReportAsync(record.CsvKey, cancellationToken);
        if (report is null || report.TrainingJob != jobName) return;
        var changed = change(report);
        if (changed == report) return;
        await records.WriteReportAsync(record.CsvKey, changed, cancellationToken);
    }
}
