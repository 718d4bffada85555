using Ogiri.Aws.Storage;
using Ogiri.Cli.Cloud;
using Ogiri.Functions.Tests.Handlers;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Functions.Tests.Cli;

/// <summary>
/// <see cref="UploadProgress"/> over reports written on s3rver in the order the workers write them; each told stage
/// writes the next report, so what a poll sees is fixed.
/// </summary>
[Collection(LocalAws.Name)]
public sealed class UploadProgressTests(S3rverFixture s3rver)
{
    private const string Key = "u.csv";
    private const string Version = "v1";
    private const string Job = "ogiri-test-20261202-100000-000000001";
    private const string Endpoint = "ogiri-test-endpoint";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private static readonly IngestionReport Registering = new(Key, 1, 1, 0, 1, []) { SourceVersion = Version, ResumeAfterLine = 2 };
    private static readonly IngestionReport Training = new IngestionReport(Key, 2, 1, 0, 1, [new(3, "unreadable image")]) { SourceVersion = Version, TrainingJob = Job };

    private sealed class Sequence(UploadRecords records, params IngestionReport[] reports)
    {
        private int next;
        public List<string> Told { get; } = [];

        public Task WriteFirstAsync() => WriteNextAsync();

        /// <summary>Each told line moves the workers on by one report.</summary>
        public async Task TellAsync(string line)
        {
            Told.Add(line);
            await WriteNextAsync();
        }

        private async Task WriteNextAsync()
        {
            if (next < reports.Length) await records.WriteReportAsync(Key, reports[next++], CancellationToken.None);
        }
    }

    private async Task<(UploadEnd End, List<string> Told)> FollowAsync(TimeSpan timeout, params IngestionReport[] reports)
    {
        using var s3 = s3rver.Connection.CreateS3();
        var records = new UploadRecords(new S3ObjectStore(s3, await s3rver.NewBucketAsync()));
        var sequence = new Sequence(records, reports);
        await sequence.WriteFirstAsync();
        var end = await new UploadProgress(records, TimeProvider.System, Poll, sequence.TellAsync)
            .FollowAsync(Key, Version, timeout, CancellationToken.None);
        return (end, sequence.Told);
    }

    [Fact]
    public async Task Each_stage_is_told_once_in_order_and_a_failed_deployment_ends_with_its_reason()
    {
        var (end, told) = await FollowAsync(TimeSpan.FromSeconds(60),
            Registering,
            Training,
            Training, // written as "registered" is told; "training" is told in the same poll
            Training with { Deployment = new(DeploymentOutcomeKind.Retrying, Endpoint, "older", "the endpoint is Updating") },
            Training with { Deployment = new(DeploymentOutcomeKind.Failed, Endpoint, null, "ResourceLimitExceeded: no ml.m5.large left") });

        Assert.Equal(["  1 rows so far (1 registered)", "registered: 1 of 2 rows (0 duplicates, 1 failed)", $"training: {Job}",
            "deploying: the endpoint is Updating; the end worker tries again"], told);
        Assert.Equal("ResourceLimitExceeded: no ml.m5.large left", end.Failure);
        Assert.Equal(DeploymentOutcomeKind.Failed, end.Report!.Deployment!.Outcome);
    }

    [Fact]
    public async Task A_deployed_model_ends_it_with_the_endpoint_and_version_and_a_kept_one_is_a_failure()
    {
        var (deployed, told) = await FollowAsync(TimeSpan.FromSeconds(60),
            Training with { Deployment = new(DeploymentOutcomeKind.Deployed, Endpoint, Job, "the endpoint is being created on this model") });
        var (kept, _) = await FollowAsync(TimeSpan.FromSeconds(60),
            Training with { Deployment = new(DeploymentOutcomeKind.Kept, Endpoint, "newer", "a newer model (newer) is deployed") });

        Assert.Null(deployed.Failure);
        Assert.Equal($"deployed: {Endpoint} serves {Job} (the endpoint is being created on this model)", told[^1]);
        Assert.Equal($"not deployed: a newer model (newer) is deployed on {Endpoint}", kept.Failure);
    }

    [Fact]
    public async Task A_job_that_never_ends_times_out_naming_the_last_stage_and_an_earlier_uploads_report_is_not_taken()
    {
        var (end, told) = await FollowAsync(TimeSpan.FromMilliseconds(600), Training);
        var (earlier, _) = await FollowAsync(TimeSpan.FromMilliseconds(300),
            Training with { SourceVersion = "v0", Deployment = new(DeploymentOutcomeKind.Deployed, Endpoint, Job, null) });

        Assert.Equal(["registered: 1 of 2 rows (0 duplicates, 1 failed)", $"training: {Job}"], told);
        Assert.Equal($"no deployment for {Key} after {TimeSpan.FromMilliseconds(600)} (last stage: training)", end.Failure);
        Assert.Equal(Job, end.Report!.TrainingJob);
        Assert.StartsWith($"no deployment for {Key}", earlier.Failure, StringComparison.Ordinal);
        Assert.Null(earlier.Report);
    }
}
