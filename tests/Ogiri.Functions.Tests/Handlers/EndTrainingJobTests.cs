using System.Text.Json.Nodes;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Pipeline.Ingestion;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Handlers;

[Collection(LocalAws.Name)]
public sealed class EndTrainingJobTests(S3rverFixture s3rver, DynaliteFixture dynalite, OracleFixture oracle)
{
    private static readonly string Endpoint = ResourceNames.Endpoint(FunctionsHarness.Prefix);
    private static readonly string Older = ResourceNames.TrainingJob(FunctionsHarness.Prefix, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 1);
    private static readonly string Newer = ResourceNames.TrainingJob(FunctionsHarness.Prefix, new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), 2);
    private static readonly string Newest = ResourceNames.TrainingJob(FunctionsHarness.Prefix, new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero), 3);

    private Task<FunctionsHarness> StartAsync() =>
        FunctionsHarness.StartAsync(s3rver, dynalite, oracle, new() { ["a.jpg"] = (TestImages.Jpeg(), "image/jpeg") });

    /// <summary>An endpoint serving <see cref="Older"/> that reads Updating for <paramref name="busyDescribes"/> more looks; <see cref="Newer"/> completed.</summary>
    private async Task<FunctionsHarness> StartWithBusyEndpointAsync(int busyDescribes)
    {
        var h = await StartAsync();
        h.SageMaker.Seed(Older, "Completed");
        h.SageMaker.Seed(Newer, "Completed");
        await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(Older, "Completed"));
        h.SageMaker.Endpoints[Endpoint] = h.SageMaker.Endpoints[Endpoint] with { Status = "Updating", BusyDescribes = busyDescribes };
        return h;
    }

    [Fact]
    public async Task An_upload_the_start_worker_gave_up_on_gets_the_reason_in_its_report()
    {
        await using var h = await StartAsync();
        const string key = "given up.csv";
        await h.PutAsync(key, "image_url,expected_result\n");
        // What Lambda sends the on-failure destination once an asynchronous invocation has used its retries.
        var record = new JsonObject
        {
            ["version"] = "1.0",
            ["timestamp"] = "2026-12-02T10:00:00.000Z",
            ["requestContext"] = new JsonObject
            {
                ["requestId"] = "e4b46cbf-b738-xmpl-8880-a18cdf61200e",
                ["functionArn"] = "arn:aws:lambda:us-east-1:111122223333:function:ogiri-test-start-training-job:$LATEST",
                ["condition"] = "RetriesExhausted",
                ["approximateInvokeCount"] = 3,
            },
            ["requestPayload"] = JsonNode.Parse(h.S3Event(key)),
            ["responseContext"] = new JsonObject { ["statusCode"] = 200, ["executedVersion"] = "$LATEST", ["functionError"] = "Unhandled" },
            ["responsePayload"] = new JsonObject { ["errorMessage"] = "the table is gone", ["errorType"] = "ResourceNotFoundException" },
        }.ToJsonString();

        var result = Assert.Single(await h.RunAsync(FunctionHandlers.EndTrainingJob, record));

        Assert.Null(result.ErrorType);
        var report = await h.ReportAsync(key);
        Assert.True(report.IsFinal);
        Assert.Contains("the start worker failed: ResourceNotFoundException: the table is gone (RetriesExhausted after 3 attempts)", report.Error, StringComparison.Ordinal);
        // The version of the uploaded bytes, so `ogiri upload --wait` takes this report as the answer for its upload.
        await using var csv = new MemoryStream("image_url,expected_result\n"u8.ToArray());
        Assert.Equal(await Ogiri.Pipeline.Ingestion.UploadVersion.OfAsync(csv, CancellationToken.None), report.SourceVersion);
    }

    private static string Action(RuntimeResult result) => JsonNode.Parse(result.Body)!["action"]!.GetValue<string>();

    [Fact]
    public async Task The_first_completed_job_creates_the_endpoint_and_a_redelivery_changes_nothing()
    {
        await using var h = await StartAsync();
        h.SageMaker.Seed(Older, "Completed");

        var first = await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(Older, "Completed"));
        var again = await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(Older, "Completed"));

        Assert.Equal("CreateEndpoint", Action(Assert.Single(first)));
        Assert.Equal("Nothing", Action(Assert.Single(again)));
        var model = Assert.Single(h.Aws.CallsOf("CreateModel")).Body;
        Assert.Equal(Older, model["ModelName"]!.GetValue<string>());
        Assert.Equal($"s3://bucket/output/{Older}/output/model.tar.gz", model["PrimaryContainer"]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal(h.Read(FunctionEnvironment.TrainerImage), model["PrimaryContainer"]!["Image"]!.GetValue<string>());
        var config = Assert.Single(h.Aws.CallsOf("CreateEndpointConfig")).Body;
        Assert.Equal(Older, config["ProductionVariants"]![0]!["ModelName"]!.GetValue<string>());
        var created = Assert.Single(h.Aws.CallsOf("CreateEndpoint")).Body;
        Assert.Equal((Endpoint, Older), (created["EndpointName"]!.GetValue<string>(), created["EndpointConfigName"]!.GetValue<string>()));
        Assert.Empty(h.Aws.CallsOf("UpdateEndpoint"));
    }

    [Fact]
    public async Task An_older_jobs_late_event_never_replaces_a_newer_model_and_a_newer_one_updates()
    {
        await using var h = await StartAsync();
        foreach (var job in new[] { Older, Newer, Newest }) h.SageMaker.Seed(job, "Completed");

        var results = new List<RuntimeResult>();
        foreach (var job in new[] { Newer, Older, Newest })
            results.AddRange(await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(job, "Completed")));

        Assert.Equal(["CreateEndpoint", "Nothing", "UpdateEndpoint"], results.Select(Action));
        Assert.Contains("newer model", JsonNode.Parse(results[1].Body)!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Newest, Assert.Single(h.Aws.CallsOf("UpdateEndpoint")).Body["EndpointConfigName"]!.GetValue<string>());
        Assert.Equal(Newest, h.SageMaker.Endpoints[Endpoint].Config);
        Assert.DoesNotContain(Older, h.SageMaker.Models);
    }

    [Fact]
    public async Task An_endpoint_still_updating_is_retried_in_fresh_invocations_not_failed()
    {
        // The endpoint reads Updating for two more looks; the margin says there is no time to wait in-process.
        await using var h = await StartWithBusyEndpointAsync(2);
        h.Set(FunctionEnvironment.DeadlineMarginSeconds, "3600");

        var results = await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(Newer, "Completed"));

        Assert.Equal(["RetryLater", "RetryLater", "UpdateEndpoint"], results.Select(Action));
        Assert.All(results, r => Assert.Null(r.ErrorType));
        Assert.Equal(2, h.Continuations.Count);
        Assert.All(h.Continuations, c => Assert.Equal(Newer, JsonNode.Parse(c)!["detail"]!["TrainingJobName"]!.GetValue<string>()));
        Assert.Equal(Newer, Assert.Single(h.Aws.CallsOf("UpdateEndpoint")).Body["EndpointConfigName"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_endpoint_that_comes_back_in_service_within_the_invocation_is_updated_there()
    {
        await using var h = await StartWithBusyEndpointAsync(1);
        h.Set(FunctionEnvironment.DeadlineMarginSeconds, "1");
        h.Set(FunctionEnvironment.EndpointPollSeconds, "1");

        var results = await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(Newer, "Completed"));

        Assert.Equal("UpdateEndpoint", Action(Assert.Single(results)));
        Assert.Empty(h.Continuations);
        Assert.Equal(3, h.Aws.CallsOf("DescribeEndpoint").Count());
    }

    [Fact]
    public async Task A_failed_job_puts_its_reason_into_the_uploads_report_and_deploys_nothing()
    {
        await using var h = await StartAsync();
        await h.PutAsync("u.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},答え\n");
        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("u.csv"));
        var job = (await h.ReportAsync("u.csv")).TrainingJob!;
        h.SageMaker.Finish(job, "Failed", "AlgorithmError: loss became NaN");

        var results = await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(job, "Failed", "AlgorithmError: loss became NaN"));

        Assert.Equal("Nothing", Action(Assert.Single(results)));
        var report = await h.ReportAsync("u.csv");
        Assert.Equal("Failed: AlgorithmError: loss became NaN", report.TrainingFailure);
        Assert.Equal(job, report.TrainingJob);
        Assert.Equal(new(DeploymentOutcomeKind.Failed, Endpoint, null, "the training job Failed: AlgorithmError: loss became NaN"), report.Deployment);
        Assert.Empty(h.Aws.CallsOf("CreateModel"));
        Assert.Empty(h.Aws.CallsOf("DescribeEndpoint"));
    }

    /// <summary>An upload of one pair whose training job the start worker started, and that job's name.</summary>
    private static async Task<string> UploadAsync(FunctionsHarness h, string key)
    {
        await h.PutAsync(key, $"image_url,expected_result\n{h.Images.Url("a.jpg")},答え\n");
        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event(key));
        return (await h.ReportAsync(key)).TrainingJob!;
    }

    [Fact]
    public async Task The_report_names_the_endpoint_and_the_version_it_serves_deployed_or_kept_for_a_newer_one()
    {
        await using var h = await StartAsync();
        var job = await UploadAsync(h, "u.csv");
        h.SageMaker.Finish(job, "Completed");
        var later = ResourceNames.TrainingJob(FunctionsHarness.Prefix, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), 9);
        h.SageMaker.Seed(later, "Completed");

        await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(job, "Completed"));
        var deployed = (await h.ReportAsync("u.csv")).Deployment;
        // A newer model arrives, then the upload's job event is delivered again.
        await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(later, "Completed"), FunctionsHarness.JobEvent(job, "Completed"));
        var kept = (await h.ReportAsync("u.csv")).Deployment;

        Assert.Equal((DeploymentOutcomeKind.Deployed, Endpoint, ResourceNames.ModelVersion(job)), (deployed!.Outcome, deployed.Endpoint, deployed.Version));
        Assert.True(deployed.IsFinal);
        Assert.Equal((DeploymentOutcomeKind.Kept, Endpoint, ResourceNames.ModelVersion(later)), (kept!.Outcome, kept.Endpoint, kept.Version));
        Assert.Contains("newer model", kept.Reason, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse((await h.ReadTextAsync(BucketLayout.Report("u.csv")))!)!["deployment"]!;
        Assert.Equal(("kept", Endpoint), (json["outcome"]!.GetValue<string>(), json["endpoint"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_deployment_that_throws_puts_the_reason_into_the_report()
    {
        await using var h = await StartAsync();
        var job = await UploadAsync(h, "u.csv");
        // The event says Completed but SageMaker still reads the job as InProgress with no artifact.

        var result = Assert.Single(await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(job, "Completed")));

        Assert.NotNull(result.ErrorType);
        var deployment = (await h.ReportAsync("u.csv")).Deployment!;
        Assert.Equal((DeploymentOutcomeKind.Failed, Endpoint, null), (deployment.Outcome, deployment.Endpoint, deployment.Version));
        Assert.Contains("no model artifact", deployment.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Aws.CallsOf("CreateModel"));
    }
}
