using System.Text.Json.Nodes;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Functions.Tests.Handlers;

[Collection(LocalAws.Name)]
public sealed class StartTrainingJobTests(S3rverFixture s3rver, DynaliteFixture dynalite, OracleFixture oracle)
{
    private static readonly Dictionary<string, (byte[], string)> Images = new()
    {
        ["cat.jpg"] = (TestImages.Jpeg(SKColors.Orange), "image/jpeg"),
        ["dog.png"] = (TestImages.Png(SKColors.Green), "image/png"),
        ["bird.webp"] = (TestImages.Draw(SKEncodedImageFormat.Webp, background: SKColors.Purple), "image/webp"),
        ["a.jpg"] = (TestImages.Jpeg(SKColors.Red), "image/jpeg"),
        ["b.jpg"] = (TestImages.Jpeg(SKColors.Blue), "image/jpeg"),
        ["c.jpg"] = (TestImages.Jpeg(SKColors.Yellow), "image/jpeg"),
    };

    private Task<FunctionsHarness> StartAsync() => FunctionsHarness.StartAsync(s3rver, dynalite, oracle, Images);

    [Fact]
    public async Task An_image_Rekognition_refuses_and_an_answer_over_the_sort_key_limit_fail_their_rows_only()
    {
        await using var h = await StartAsync();
        // Rekognition refuses PNGs here as it refuses a picture under its minimum size.
        h.SageMaker.RekognitionAnswer = call => call.Body["Image"]?["S3Object"]?["Name"]?.GetValue<string>().EndsWith(".png", StringComparison.Ordinal) == true
            ? FakeAnswer.Error("InvalidImageFormatException", "Request has invalid image format")
            : null;
        // 94 family emoji are 94 characters (under the character limit) but 2,350 bytes: over DynamoDB's 1,024-byte sort
        // key, so the row is refused before the table sees it (the table adapter's own refusal: DynamoTableTests).
        var family = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 94));
        const string key = "exceptional.csv";
        await h.PutAsync(key, $"""
            image_url,expected_result
            {h.Images.Url("dog.png")},犬
            {h.Images.Url("cat.jpg")},{family}
            {h.Images.Url("cat.jpg")},猫
            """);

        var result = Assert.Single(await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event(key)));

        Assert.Null(result.ErrorType);
        var report = await h.ReportAsync(key);
        Assert.Equal((3, 1), (report.Rows, report.Registered));
        Assert.Equal([2, 3], report.Failed.Select(f => f.Line));
        Assert.Contains("InvalidImageFormatException", report.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Contains($"{AnswerLimits.MaxBytes}", report.Failed[1].Reason, StringComparison.Ordinal);
        Assert.NotNull(report.TrainingJob);
    }

    [Fact]
    public async Task An_upload_is_registered_reported_and_starts_one_training_job()
    {
        await using var h = await StartAsync();
        const string key = "uploads/my pairs+1.csv";
        await h.PutAsync(key, $"""
            image_url,expected_result
            {h.Images.Url("cat.jpg")},"猫、社長になる"
            {h.Images.Url("cat.jpg")},二つ目の答え
            {h.Images.Url("bird.webp")},鳥
            {h.Images.Url("missing.jpg")},ない
            s3://{h.Bucket}/uploads/none.png,ない
            """);

        var results = await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event(key));

        var result = Assert.Single(results);
        Assert.Null(result.ErrorType);
        var report = await h.ReportAsync(key);
        Assert.Equal((5, 3, 0, 2), (report.Rows, report.Registered, report.Duplicates, report.Analyses));
        Assert.Equal([5, 6], report.Failed.Select(f => f.Line));
        Assert.Contains("HTTP 404", report.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no such object", report.Failed[1].Reason, StringComparison.Ordinal);
        Assert.Null(report.ResumeAfterLine);

        var job = report.TrainingJob!;
        Assert.Matches($"^{FunctionsHarness.Prefix}-\\d{{8}}-\\d{{6}}-\\d{{3}}-[0-9a-f]{{4}}$", job);
        Assert.Matches(ResourceNames.SageMakerName(), job);
        var request = Assert.Single(h.Aws.CallsOf("CreateTrainingJob")).Body;
        Assert.Equal(job, request["TrainingJobName"]!.GetValue<string>());
        Assert.Equal(h.Read(FunctionEnvironment.TrainerImage), request["AlgorithmSpecification"]!["TrainingImage"]!.GetValue<string>());
        Assert.Equal(TrainingMetrics.Definitions.Select(d => (d.Name, d.Regex)),
            request["AlgorithmSpecification"]!["MetricDefinitions"]!.AsArray().Select(m => (m!["Name"]!.GetValue<string>(), m["Regex"]!.GetValue<string>())));
        Assert.Equal(h.Read(FunctionEnvironment.SageMakerRoleArn), request["RoleArn"]!.GetValue<string>());
        var channels = request["InputDataConfig"]!.AsArray().ToDictionary(c => c!["ChannelName"]!.GetValue<string>(), c => c!["DataSource"]!["S3DataSource"]!["S3Uri"]!.GetValue<string>());
        Assert.Equal($"s3://{h.Bucket}/{BucketLayout.TrainingSet(job)}", channels[TrainingChannels.Manifest]);
        Assert.Equal($"s3://{h.Bucket}/{BucketLayout.ImagesPrefix}", channels[TrainingChannels.Images]);
        Assert.Equal($"s3://{h.Bucket}/{BucketLayout.OutputPrefix}", request["OutputDataConfig"]!["S3OutputPath"]!.GetValue<string>());
        Assert.Equal($"s3://{h.Bucket}/{BucketLayout.Checkpoints(job)}", request["CheckpointConfig"]!["S3Uri"]!.GetValue<string>());
        Assert.True(request["StoppingCondition"]!["MaxRuntimeInSeconds"]!.GetValue<int>() > 0);
        Assert.Equal("10", request["HyperParameters"]![TrainingHyperParameters.Epochs]!.GetValue<string>());
        Assert.Equal("test", request["Tags"]!.AsArray().Single(t => t!["Key"]!.GetValue<string>() == ResourceNames.StackTag)!["Value"]!.GetValue<string>());

        var manifest = (await h.ReadTextAsync(BucketLayout.Manifest(job)))!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, manifest.Length);
        var first = JsonNode.Parse(manifest.First(l => l.Contains("社長", StringComparison.Ordinal)))!;
        Assert.Equal("本日 OPEN", first["text"]!.GetValue<string>());
        Assert.Equal("Cat", first["labels"]![0]!["name"]!.GetValue<string>());
        Assert.NotNull(await h.ReadTextAsync(BucketLayout.Image(first["image"]!.GetValue<string>())));

        // Rekognition reads JPEG from the bucket; WebP, which it refuses, goes inline as a JPEG rendition.
        var labelCalls = h.Aws.CallsOf("DetectLabels").Select(c => c.Body["Image"]!).ToList();
        Assert.Equal(2, labelCalls.Count);
        Assert.Contains(labelCalls, i => i["S3Object"]?["Bucket"]?.GetValue<string>() == h.Bucket);
        var inline = Convert.FromBase64String(Assert.Single(labelCalls, i => i["Bytes"] is not null)["Bytes"]!.GetValue<string>());
        Assert.Equal([0xFF, 0xD8, 0xFF], inline[..3]);
        Assert.All(h.Aws.CallsOf("DetectLabels"), c => Assert.Equal(10, c.Body["MaxLabels"]!.GetValue<int>()));
        Assert.Equal(2, h.Aws.CallsOf("DetectText").Count());
    }

    [Fact]
    public async Task A_redelivered_event_starts_no_second_job()
    {
        await using var h = await StartAsync();
        await h.PutAsync("a.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},一\n");

        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("a.csv"));
        var first = await h.ReportAsync("a.csv");
        var again = await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("a.csv"), """{"bucket":"BUCKET","key":"a.csv"}""".Replace("BUCKET", h.Bucket, StringComparison.Ordinal));

        Assert.All(again, r => Assert.Contains("AlreadyHandled", r.Body, StringComparison.Ordinal));
        // A redelivery may ask for the same job again (in case the first run stopped before it); SageMaker keeps one.
        Assert.Equal([first.TrainingJob!], h.SageMaker.Jobs);
        Assert.All(h.Aws.CallsOf("CreateTrainingJob"), c => Assert.Equal(first.TrainingJob, c.Body["TrainingJobName"]!.GetValue<string>()));
        var report = await h.ReportAsync("a.csv");
        Assert.Equal(first.ToJson(), report.ToJson());
        Assert.Equal(1, report.Registered);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public async Task Managed_spot_training_is_a_stack_setting_off_by_default(string? spot)
    {
        await using var h = await StartAsync();
        if (spot is not null) h.Set(FunctionEnvironment.TrainingManagedSpot, spot);
        await h.PutAsync("spot.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},一\n");

        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("spot.csv"));

        var request = Assert.Single(h.Aws.CallsOf("CreateTrainingJob")).Body;
        var stopping = request["StoppingCondition"]!;
        if (spot is null)
        {
            Assert.Null(request["EnableManagedSpotTraining"]);
            Assert.Null(stopping["MaxWaitTimeInSeconds"]);
        }
        else
        {
            Assert.True(request["EnableManagedSpotTraining"]!.GetValue<bool>());
            // SageMaker requires the wait to be at least the run time; checkpoints let an interrupted job resume.
            Assert.True(stopping["MaxWaitTimeInSeconds"]!.GetValue<int>() >= stopping["MaxRuntimeInSeconds"]!.GetValue<int>());
            Assert.NotNull(request["CheckpointConfig"]!["S3Uri"]);
        }
    }

    [Fact]
    public async Task The_same_csv_again_after_a_failed_job_starts_a_new_one()
    {
        await using var h = await StartAsync();
        await h.PutAsync("retry.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},一\n");
        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("retry.csv"));
        var failed = (await h.ReportAsync("retry.csv")).TrainingJob!;
        h.SageMaker.Finish(failed, "Failed", "AlgorithmError: out of memory");
        await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(failed, "Failed", "AlgorithmError: out of memory"));
        Assert.NotNull((await h.ReportAsync("retry.csv")).TrainingFailure);

        await h.PutAsync("retry.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},一\n");
        var again = Assert.Single(await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("retry.csv")));

        Assert.Contains("TrainingStarted", again.Body, StringComparison.Ordinal);
        var report = await h.ReportAsync("retry.csv");
        Assert.NotEqual(failed, report.TrainingJob);
        Assert.Null(report.TrainingFailure);
        Assert.Equal((1, 0, 1), (report.Rows, report.Registered, report.Duplicates));
        Assert.Equal(2, h.SageMaker.Jobs.Count);
    }

    [Fact]
    public async Task A_csv_that_needs_three_invocations_continues_and_starts_the_job_once()
    {
        await using var h = await StartAsync();
        // Every batch ends inside the margin, so each invocation registers one batch of two rows, then hands on.
        h.Set(FunctionEnvironment.BatchRows, "2");
        h.Set(FunctionEnvironment.DeadlineMarginSeconds, "3600");
        var rows = new[] { "a.jpg", "b.jpg", "c.jpg", "a.jpg", "b.jpg", "c.jpg" }.Select((image, i) => $"{h.Images.Url(image)},答え{i}");
        await h.PutAsync("big.csv", "image_url,expected_result\n" + string.Join('\n', rows) + "\n");

        var results = await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("big.csv"));

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Null(r.ErrorType));
        Assert.Equal(2, h.Continuations.Count);
        Assert.All(h.Continuations, c => Assert.Equal(new JsonObject { ["bucket"] = h.Bucket, ["key"] = "big.csv" }.ToJsonString(), c));
        Assert.All(h.Aws.CallsOf("Invoke"), c => Assert.Equal(FunctionsHarness.FunctionName, c.Body["FunctionName"]!.GetValue<string>()));
        Assert.All(h.Aws.CallsOf("Invoke"), c => Assert.Equal("Event", c.Body["InvocationType"]!.GetValue<string>()));
        var report = await h.ReportAsync("big.csv");
        Assert.Equal((6, 6, 0, 3), (report.Rows, report.Registered, report.Failed.Count + report.Duplicates, report.Analyses));
        Assert.Null(report.ResumeAfterLine);
        var job = Assert.Single(h.Aws.CallsOf("CreateTrainingJob")).Body["TrainingJobName"]!.GetValue<string>();
        Assert.Equal(report.TrainingJob, job);
        Assert.Equal([job], h.SageMaker.Jobs);
        Assert.Equal(6, (await h.ReadTextAsync(BucketLayout.Manifest(job)))!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task S3s_test_event_is_ignored_and_a_bad_event_is_an_invocation_error()
    {
        await using var h = await StartAsync();

        var results = await h.RunAsync(FunctionHandlers.StartTrainingJob,
            """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-01-01T00:00:00.000Z","Bucket":"b","RequestId":"r","HostId":"h"}""",
            """{"hello":"world"}""");

        Assert.Equal("[]", results.First(r => r.ErrorType is null).Body);
        var error = Assert.Single(results, r => r.ErrorType is not null);
        Assert.Equal("InvalidDataException", error.ErrorType);
        Assert.Contains("manual event", JsonNode.Parse(error.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(h.Aws.Calls);
    }

    [Fact]
    public async Task A_file_that_is_not_a_pairs_csv_gets_a_report_saying_why()
    {
        await using var h = await StartAsync();
        await h.PutAsync("wrong.csv", "url,answer\nx,y\n");

        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("wrong.csv"));

        var report = await h.ReportAsync("wrong.csv");
        Assert.Contains("wrong header", report.Error, StringComparison.Ordinal);
        Assert.True(report.IsFinal);
        Assert.Empty(h.Aws.CallsOf("CreateTrainingJob"));
    }
}
