using Ogiri.Cli.Commands;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Handlers;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Pipeline.Ingestion;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Cli;

[Collection(LocalAws.Name)]
public sealed class UploadCommandTests(S3rverFixture s3rver, DynaliteFixture dynalite, OracleFixture oracle)
{
    private static (ConsoleIo Io, StringWriter Out, StringWriter Error) Console()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        return (new ConsoleIo(o, e), o, e);
    }

    [Fact]
    public async Task Upload_puts_the_csv_byte_for_byte_under_its_name()
    {
        using var dir = new TempDir();
        var csv = dir.Text("pairs 1.csv", "image_url,expected_result\nhttps://example.test/a.jpg,答え\n");
        var bucket = await s3rver.NewBucketAsync();
        var (io, _, error) = Console();

        var exit = await new UploadCommand(io, _ => null, TimeProvider.System, S3rverFixture.Credentials)
            .RunAsync(new UploadRequest(csv, bucket, S3rverFixture.Region, Wait: false, Endpoint: s3rver.Endpoint.ToString()), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains($"s3://{bucket}/pairs 1.csv", error.ToString(), StringComparison.Ordinal);
        using var s3 = s3rver.Connection.CreateS3();
        await using var stored = await new Ogiri.Aws.Storage.S3ObjectStore(s3, bucket).OpenReadAsync("pairs 1.csv", CancellationToken.None);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        Assert.Equal(await File.ReadAllBytesAsync(csv), copy.ToArray());
    }

    [Fact]
    public async Task An_upper_case_suffix_is_uploaded_as_the_notification_filter_wants_and_refused_as_a_key()
    {
        using var dir = new TempDir();
        var csv = dir.Text("Pairs.CSV", "image_url,expected_result\n");
        var bucket = await s3rver.NewBucketAsync();
        var (io, _, error) = Console();
        var upload = new UploadCommand(io, _ => null, TimeProvider.System, S3rverFixture.Credentials);

        Assert.Equal(0, await upload.RunAsync(new UploadRequest(csv, bucket, S3rverFixture.Region, Wait: false, Endpoint: s3rver.Endpoint.ToString()), CancellationToken.None));
        Assert.Contains($"s3://{bucket}/Pairs.csv", error.ToString(), StringComparison.Ordinal);
        Assert.True(BucketLayout.IsCsv("Pairs.csv"));
        Assert.EndsWith(Ogiri.Infra.CsvUploadNotification.FilterSuffix, "Pairs.csv", StringComparison.Ordinal);

        var refused = await upload.RunAsync(new UploadRequest(csv, bucket, S3rverFixture.Region, Wait: false, Key: "other.CSV", Endpoint: s3rver.Endpoint.ToString()),
            CancellationToken.None);
        Assert.Equal(ExitCodes.BadInput, refused);
        Assert.Contains("key 'other.CSV' must end with .csv", error.ToString(), StringComparison.Ordinal);
        // The worker ignores what the filter would never send it.
        Assert.False(BucketLayout.IsCsv("other.CSV"));
    }

    [Fact]
    public async Task Upload_with_wait_follows_the_upload_to_its_deployed_model_telling_each_stage_once()
    {
        await using var h = await FunctionsHarness.StartAsync(s3rver, dynalite, oracle, new() { ["a.jpg"] = (TestImages.Jpeg(), "image/jpeg") });
        using var dir = new TempDir();
        var csv = dir.Text("w.csv", $"image_url,expected_result\n{h.Images.Url("a.jpg")},待った\n");
        var (io, output, error) = Console();
        var environment = new Dictionary<string, string> { [FunctionEnvironment.Region] = S3rverFixture.Region, [FunctionEnvironment.S3Endpoint] = s3rver.Endpoint.ToString() };

        var upload = new UploadCommand(io, environment.GetValueOrDefault, TimeProvider.System, S3rverFixture.Credentials).RunAsync(
            new UploadRequest(csv, h.Bucket, null, Wait: true, PollInterval: TimeSpan.FromMilliseconds(100), Timeout: TimeSpan.FromSeconds(60)),
            CancellationToken.None);
        while (!await h.ExistsAsync("w.csv")) await Task.Delay(50);
        await Task.Delay(200); // let s3rver finish writing the body after its metadata (real S3 is atomic)
        Assert.False(upload.IsCompleted);
        await h.RunAsync(FunctionHandlers.StartTrainingJob, h.S3Event("w.csv"));
        var job = Assert.Single(h.SageMaker.Jobs);
        await Task.Delay(300);
        // A started job is not the end: --wait follows it to the endpoint.
        Assert.False(upload.IsCompleted);
        h.SageMaker.Finish(job, "Completed");
        await h.RunAsync(FunctionHandlers.EndTrainingJob, FunctionsHarness.JobEvent(job, "Completed"));

        Assert.Equal(0, await upload);
        var printed = IngestionReport.FromJson(output.ToString());
        Assert.Equal((1, 1), (printed.Rows, printed.Registered));
        Assert.Equal(job, printed.TrainingJob);
        Assert.Equal(DeploymentOutcomeKind.Deployed, printed.Deployment!.Outcome);
        var stages = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith(' ') && !l.StartsWith("uploaded", StringComparison.Ordinal));
        Assert.Equal(["registered: 1 of 1 rows (0 duplicates, 0 failed)", $"training: {job}",
            $"deployed: {ResourceNames.Endpoint(FunctionsHarness.Prefix)} serves {job} (the endpoint is being created on this model)"], stages);
    }

    [Fact]
    public async Task Upload_without_a_region_says_how_to_give_one()
    {
        using var dir = new TempDir();
        var csv = dir.Text("x.csv", "image_url,expected_result\n");
        var (io, _, error) = Console();

        var exit = await new UploadCommand(io, _ => null, TimeProvider.System, S3rverFixture.Credentials)
            .RunAsync(new UploadRequest(csv, "bucket", null, Wait: false), CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--region", error.ToString(), StringComparison.Ordinal);
    }
}
