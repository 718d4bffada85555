namespace Ogiri.Pipeline.Ports;

public enum TrainingJobStatus { InProgress, Completed, Failed, Stopping, Stopped }

/// <summary>What a training job became.</summary>
/// <param name="ModelArtifact">The artifact's URI once the job completed.</param>
public sealed record TrainingJobInfo(string Name, TrainingJobStatus Status, string? FailureReason, string? ModelArtifact);

/// <summary>SageMaker training jobs in the cloud. The job's settings (image, role, channels) are the adapter's.</summary>
public interface ITrainingJobs
{
    /// <summary>
    /// Starts the job on the training set at <c>training/&lt;job&gt;/</c>. Returns false when a job of that name
    /// already exists (a redelivered event), which is not an error.
    /// </summary>
    Task<bool> StartAsync(string jobName, CancellationToken cancellationToken);

    Task<TrainingJobInfo> DescribeAsync(string jobName, CancellationToken cancellationToken);
}
