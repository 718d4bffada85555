using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Deployment;

/// <summary>A training job reached an end state (SageMaker's state-change event).</summary>
public sealed record TrainingJobEnded(string JobName, TrainingJobStatus Status, string? FailureReason);

/// <summary>
/// The second half of the pipeline: a completed job's model goes to the endpoint (created the first time,
/// updated after that, never replaced by an older one); a failed or stopped job's reason goes into its
/// upload's report. Safe to run again on the same event.
/// </summary>
public sealed class ModelDeployment(ITrainingJobs jobs, IModelHosting hosting, UploadRecords records)
{
    public async Task<DeploymentDecision> HandleAsync(TrainingJobEnded ended, CancellationToken cancellationToken)
    {
        switch (ended.Status)
        {
            case TrainingJobStatus.Failed or TrainingJobStatus.Stopped:
                await RecordFailureAsync(ended, cancellationToken);
                return new(DeploymentAction.Nothing, $"{ended.JobName} ended {ended.Status}: {ended.FailureReason ?? "no reason given"}");
            case not TrainingJobStatus.Completed:
                return new(DeploymentAction.Nothing, $"{ended.JobName} is {ended.Status}, not finished");
        }

        var job = await jobs.DescribeAsync(ended.JobName, cancellationToken);
        if (job.Status is not TrainingJobStatus.Completed || job.ModelArtifact is null)
            throw new InvalidOperationException($"training job {ended.JobName} is {job.Status} with no model artifact, yet its event said Completed");

        var version = ResourceNames.ModelVersion(job.Name);
        var decision = DeploymentPlanner.Decide(version, await hosting.DescribeEndpointAsync(cancellationToken));
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
                    return new(DeploymentAction.RetryLater, decision.Reason + "; deleting it first");
            }
        }
        catch (EndpointBusyException e)
        {
            // Another event changed the endpoint between our look and our change.
            return new(DeploymentAction.RetryLater, e.Message);
        }
        return decision;
    }

    private async Task RecordFailureAsync(TrainingJobEnded ended, CancellationToken cancellationToken)
    {
        var record = await records.ReadJobAsync(ended.JobName, cancellationToken);
        if (record is null) return;
        var report = await records.ReadReportAsync(record.CsvKey, cancellationToken);
        if (report is null || report.TrainingJob != ended.JobName) return;
        var failure = $"{ended.Status}: {ended.FailureReason ?? "no reason given"}";
        if (report.TrainingFailure == failure) return;
        await records.WriteReportAsync(record.CsvKey, report with { TrainingFailure = failure }, cancellationToken);
    }
}
