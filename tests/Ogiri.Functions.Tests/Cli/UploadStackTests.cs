using Amazon.S3.Model;
using Ogiri.Cli.Cloud;
using Ogiri.Cli.Commands;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Functions.Tests.Cli;

/// <summary>
/// <c>ogiri upload --stack</c>: the bucket from the stack's outputs and the region from its settings (a fake
/// <c>pulumi</c> on PATH answers as the real one does), the CSV's local images uploaded first, content-addressed,
/// and its cells rewritten to their s3:// URIs; a CSV whose local images cannot be uploaded is refused before anything is.
/// </summary>
[Collection(LocalAws.Name)]
public sealed class UploadStackTests(S3rverFixture s3rver)
{
    /// <summary>A pulumi stand-in: prints <paramref name="outputsJson"/> for stack output, <paramref name="region"/> for config get.</summary>
    private static string FakePulumi(TempDir dir, string outputsJson, string region = "us-east-1", string stack = "dev")
    {
        var path = dir.Text(Path.Combine("bin", "pulumi"), $$"""
            #!/bin/sh
            echo "$*" >> "{{dir.Path}}/pulumi-calls"
            case "$*" in
              "stack output --json --stack {{stack}}") echo '{{outputsJson}}' ;;
              "config get aws:region --stack {{stack}}") echo '{{region}}' ;;
              *) echo "error: no stack named '$5' found" >&2; exit 255 ;;
            esac
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private async Task<List<string>> KeysAsync(string bucket)
    {
        using var s3 = s3rver.Connection.CreateS3();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return listed.S3Objects?.Select(o => o.Key).Order(StringComparer.Ordinal).ToList() ?? [];
    }

    private async Task<byte[]> ReadAsync(string bucket, string key)
    {
        using var s3 = s3rver.Connection.CreateS3();
        await using var stored = await new Ogiri.Aws.Storage.S3ObjectStore(s3, bucket).OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Upload_to_a_stack_sends_the_local_images_first_and_rewrites_their_cells()
    {
        using var dir = new TempDir();
        var bucket = await s3rver.NewBucketAsync();
        var fake = FakePulumi(dir, $$"""{"BucketName":"{{bucket}}","EndpointName":"ogiri-dev"}""");
        var red = dir.File(Path.Combine("pictures", "red cat.png"), TestImages.Png(SKColors.Red));
        dir.File(Path.Combine("pictures", "copy.png"), File.ReadAllBytes(red));
        var csv = dir.Text("pairs.csv", "image_url,expected_result\npictures/red cat.png,\"赤い, 猫\"\nhttps://example.test/b.jpg,外の絵\npictures/copy.png,同じ絵\n");
        var key = BucketLayout.Image(ImageKeys.For(File.ReadAllBytes(red), "png"));

        var (exit, _, error) = await OgiriProcess.RunAsync(new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.GetDirectoryName(fake)}:{Environment.GetEnvironmentVariable("PATH")}",
            ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["HOME"] = dir.Path, ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, "upload", csv, "--stack", "dev", "--endpoint-url", s3rver.Endpoint.ToString());

        Assert.True(exit == 0, error);
        Assert.Equal([key, "pairs.csv"], await KeysAsync(bucket));
        Assert.Equal(File.ReadAllBytes(red), await ReadAsync(bucket, key));
        Assert.Equal($"image_url,expected_result\ns3://{bucket}/{key},\"赤い, 猫\"\nhttps://example.test/b.jpg,外の絵\ns3://{bucket}/{key},同じ絵\n",
            System.Text.Encoding.UTF8.GetString(await ReadAsync(bucket, "pairs.csv")));
        Assert.Equal(["stack output --json --stack dev", "config get aws:region --stack dev"], File.ReadAllLines(Path.Combine(dir.Path, "pulumi-calls")));
    }

    [Fact]
    public async Task A_csv_naming_a_missing_or_broken_local_image_is_refused_before_anything_is_uploaded()
    {
        using var dir = new TempDir();
        var bucket = await s3rver.NewBucketAsync();
        dir.File("ok.png", TestImages.Png());
        dir.Text("notes.png", "not a picture");
        foreach (var (row, message) in new[]
        {
            ("missing.png,答え", "pairs.csv:3: image_url 'missing.png': image file 'missing.png' does not exist"),
            ("../outside.png,答え", "pairs.csv:3: image_url '../outside.png' is outside the CSV's folder"),
            ("notes.png,答え", "pairs.csv:3: image_url 'notes.png': not an image in a supported format"),
        })
        {
            var csv = dir.Text("pairs.csv", $"image_url,expected_result\nok.png,よし\n{row}\n");
            var (o, e) = (new StringWriter(), new StringWriter());

            var exit = await new UploadCommand(new ConsoleIo(o, e), _ => null, TimeProvider.System, S3rverFixture.Credentials)
                .RunAsync(new UploadRequest(csv, bucket, S3rverFixture.Region, Wait: false, Endpoint: s3rver.Endpoint.ToString()), CancellationToken.None);

            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.StartsWith($"ogiri: {message}", e.ToString(), StringComparison.Ordinal);
            Assert.Single(e.ToString().TrimEnd().Split('\n'));
        }
        Assert.Empty(await KeysAsync(bucket));
    }

    [Fact]
    public async Task A_stack_pulumi_does_not_know_is_one_line()
    {
        using var dir = new TempDir();
        var csv = dir.Text("pairs.csv", "image_url,expected_result\nhttps://example.test/a.jpg,答え\n");
        var (o, e) = (new StringWriter(), new StringWriter());

        var exit = await new UploadCommand(new ConsoleIo(o, e), _ => null, TimeProvider.System, S3rverFixture.Credentials, new PulumiStackOutputs(FakePulumi(dir, "{}")))
            .RunAsync(new UploadRequest(csv, null, null, Wait: false, Stack: "prod"), CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("ogiri: pulumi stack output --stack prod failed: error: no stack named 'prod' found", e.ToString().Trim());
    }

    [Fact]
    public async Task A_stack_that_was_never_deployed_says_to_run_pulumi_up()
    {
        using var dir = new TempDir();
        var outputs = new PulumiStackOutputs(FakePulumi(dir, "{}"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => outputs.ReadAsync("dev", CancellationToken.None));

        Assert.Equal("stack 'dev' has no BucketName output: run pulumi up --stack dev first", error.Message);
    }

    [Fact]
    public async Task Upload_to_a_bucket_that_does_not_exist_is_one_line_with_exit_2()
    {
        using var dir = new TempDir();
        var csv = dir.Text("pairs.csv", "image_url,expected_result\nhttps://example.test/a.jpg,答え\n");

        var (exit, output, error) = await OgiriProcess.RunAsync(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["HOME"] = dir.Path, ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, "upload", csv, "--bucket", "no-such-bucket", "--region", "us-east-1", "--endpoint-url", s3rver.Endpoint.ToString());

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("ogiri: bucket 'no-such-bucket' does not exist in us-east-1 (pulumi stack output BucketName shows a stack's bucket; --stack reads it)",
            error.Trim());
    }
}
