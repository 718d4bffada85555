using System.Globalization;
using Ogiri.Aws.Json;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Aws.SageMaker;

/// <summary>Training jobs on SageMaker with the stack's trainer image, role, channels and metric definitions.</summary>
public sealed class SageMakerTrainingJobs(SageMakerApi sageMaker, SageMakerSettings settings) : ITrainingJobs
{
    public async Task<bool> StartAsync(string jobName, CancellationToken cancellationToken)
    {
        try
        {
            await sageMaker.CreateTrainingJobAsync(Request(jobName), cancellationToken);
            return true;
        }
        catch (AwsServiceException e) when (e.ErrorType == "ResourceInUse")
        {
            return false;
        }
    }

    public CreateTrainingJobRequest Request(string jobName) => new(
        jobName,
        new AlgorithmSpecification(settings.TrainerImage, "File",
            [.. TrainingMetrics.Definitions.Select(d => new MetricDefinition(d.Name, d.Regex))]),
        settings.RoleArn,
        [
            Channel(TrainingChannels.Manifest, BucketLayout.TrainingSet(jobName)),
            Channel(TrainingChannels.Images, BucketLayout.ImagesPrefix),
        ],
        new OutputDataConfig(settings.S3Uri(BucketLayout.OutputPrefix)),
        new ResourceConfig(settings.TrainingInstanceType, 1, 30),
        // Spot capacity may keep a job waiting; it may wait as long again as it may run, then SageMaker stops it.
        new StoppingCondition(settings.TrainingMaxSeconds, settings.ManagedSpotTraining ? 2 * settings.TrainingMaxSeconds : null),
        new Dictionary<string, string> { [TrainingHyperParameters.Epochs] = settings.Epochs.ToString(CultureInfo.InvariantCulture) },
        new CheckpointConfig(settings.S3Uri(BucketLayout.Checkpoints(jobName)), "/opt/ml/checkpoints"),
        settings.Tags,
        settings.ManagedSpotTraining ? true : null);

    public async Task<TrainingJobInfo> DescribeAsync(string jobName, CancellationToken cancellationToken)
    {
        var job = await sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest(jobName), cancellationToken);
        var status = Enum.TryParse<TrainingJobStatus>(job.TrainingJobStatus, out var s)
            ? s
            : throw new InvalidDataException($"training job {jobName} has an unknown status '{job.TrainingJobStatus}'");
        return new TrainingJobInfo(job.TrainingJobName, status, job.FailureReason, job.ModelArtifacts?.S3ModelArtifacts);
    }

    private Channel Channel(string name, string prefix) =>
        new(name, new DataSource(new S3DataSource("S3Prefix", settings.S3Uri(prefix), "FullyReplicated")));
}
