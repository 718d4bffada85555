using System.Text;
using System.Text.Json.Nodes;
using Ogiri.Aws.Storage;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Lambda;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Ingestion;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Handlers;

/// <summary>
/// One stack on this machine: a bucket in s3rver, a table in dynalite, fake SageMaker/Rekognition/Lambda
/// Invoke, an image server, and the function's handlers run by our Runtime API loop against a fake
/// Runtime API. A continuation the function sends itself (Invoke) becomes the fake runtime's next event.
/// </summary>
public sealed class FunctionsHarness : IAsyncDisposable
{
    public const string Prefix = "ogiri-test";
    public const string FunctionName = "ogiri-test-start";

    private readonly S3rverFixture s3rver;
    private readonly Dictionary<string, string> environment = [];
    // The product's own fetcher; the images are served on 127.0.0.1, so private addresses are allowed here.
    private readonly Ogiri.Pipeline.Fetching.SafeHttpImageSource httpImages = new(new Ogiri.Pipeline.Fetching.HttpFetchOptions(AllowPrivateNetwork: true));

    private FunctionsHarness(S3rverFixture s3rver, string bucket, FakeAwsService aws, FakeSageMaker sageMaker, ImageServer images)
    {
        this.s3rver = s3rver;
        Bucket = bucket;
        Aws = aws;
        SageMaker = sageMaker;
        Images = images;
    }

    public string Bucket { get; }
    public FakeAwsService Aws { get; }
    public FakeSageMaker SageMaker { get; }
    public ImageServer Images { get; }
    public List<string> Continuations { get; } = [];
    public IReadOnlyDictionary<string, string> Environment => environment;

    public static async Task<FunctionsHarness> StartAsync(S3rverFixture s3rver, DynaliteFixture dynalite, OracleFixture oracle,
        Dictionary<string, (byte[] Content, string Type)> images)
    {
        var bucket = await s3rver.NewBucketAsync();
        var table = await dynalite.NewTableAsync();
        var sageMaker = new FakeSageMaker();
        FunctionsHarness? harness = null;
        var aws = await FakeAwsService.StartAsync(oracle, call =>
        {
            if (call.Operation != "Invoke") return sageMaker.Answer(call);
            lock (harness!.Continuations) harness.Continuations.Add(call.Body["Payload"]!.GetValue<string>());
            harness.pendingRuntime?.Enqueue(call.Body["Payload"]!.GetValue<string>());
            return FakeAnswer.Ok();
        });
        harness = new FunctionsHarness(s3rver, bucket, aws, sageMaker, await ImageServer.StartAsync(images));
        foreach (var (name, value) in new Dictionary<string, string>
        {
            [FunctionEnvironment.Bucket] = bucket,
            [FunctionEnvironment.Table] = table,
            [FunctionEnvironment.ResourcePrefix] = Prefix,
            [FunctionEnvironment.Stack] = "test",
            [FunctionEnvironment.TrainerImage] = "111122223333.dkr.ecr.us-east-1.amazonaws.com/ogiri-trainer@sha256:" + new string('a', 64),
            [FunctionEnvironment.SageMakerRoleArn] = "arn:aws:iam::111122223333:role/ogiri-test-sagemaker",
            [FunctionEnvironment.Region] = S3rverFixture.Region,
            [FunctionEnvironment.FunctionName] = FunctionName,
            [FunctionEnvironment.S3Endpoint] = s3rver.Endpoint.ToString(),
            [FunctionEnvironment.DynamoDbEndpoint] = dynalite.Endpoint.ToString(),
            [FunctionEnvironment.RekognitionEndpoint] = aws.Endpoint.ToString(),
            [FunctionEnvironment.SageMakerEndpoint] = aws.Endpoint.ToString(),
            [FunctionEnvironment.LambdaEndpoint] = aws.Endpoint.ToString(),
        })
        {
            harness.environment[name] = value;
        }
        return harness;
    }

    private FakeRuntimeApi? pendingRuntime;

    public void Set(string name, string value) => environment[name] = value;

    /// <summary>Runs <paramref name="handler"/> on the events (and every continuation they cause) until all are answered.</summary>
    public async Task<IReadOnlyList<RuntimeResult>> RunAsync(string handler, params string[] events)
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        pendingRuntime = runtime;
        foreach (var e in events) runtime.Enqueue(e);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var bootstrap = new LambdaBootstrap(new RuntimeApiClient(http, runtime.RuntimeApi), TimeProvider.System, _ => { });
        var loop = bootstrap.RunAsync(_ => Task.FromResult(
            new FunctionComposition(Read, TimeProvider.System, httpImages, S3rverFixture.Credentials).Create(handler)), stop.Token);
        try
        {
            await runtime.IdleAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
            pendingRuntime = null;
        }
        Assert.Empty(Aws.Violations);
        return [.. runtime.Results];
    }

    public string? Read(string name) => environment.GetValueOrDefault(name);

    public async Task PutAsync(string key, string text)
    {
        using var s3 = s3rver.Connection.CreateS3();
        await new S3ObjectStore(s3, Bucket).PutAsync(key, Encoding.UTF8.GetBytes(text), "text/csv", CancellationToken.None);
    }

    public async Task<string?> ReadTextAsync(string key)
    {
        using var s3 = s3rver.Connection.CreateS3();
        await using var stream = await new S3ObjectStore(s3, Bucket).OpenReadAsync(key, CancellationToken.None);
        return stream is null ? null : await new StreamReader(stream).ReadToEndAsync();
    }

    /// <summary>A HEAD, not a GET: s3rver writes an object's body and checksum separately, so a GET racing a PUT may read torn.</summary>
    public async Task<bool> ExistsAsync(string key)
    {
        using var s3 = s3rver.Connection.CreateS3();
        return await new S3ObjectStore(s3, Bucket).ExistsAsync(key, CancellationToken.None);
    }

    public async Task<IngestionReport> ReportAsync(string csvKey) =>
        IngestionReport.FromJson(await ReadTextAsync(BucketLayout.Report(csvKey)) ?? throw new InvalidOperationException($"no report for {csvKey}"));

    /// <summary>An S3 ObjectCreated notification as S3 sends it (the key form-encoded).</summary>
    public string S3Event(string key) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-east-1",
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["bucket"] = new JsonObject { ["name"] = Bucket, ["arn"] = "arn:aws:s3:::" + Bucket },
                ["object"] = new JsonObject { ["key"] = System.Net.WebUtility.UrlEncode(key), ["size"] = 100, ["eTag"] = "0123456789abcdef0123456789abcdef", ["sequencer"] = "0A1B2C3D4E5F678901" },
            },
        }),
    }.ToJsonString();

    /// <summary>EventBridge's "SageMaker Training Job State Change", trimmed to what the documentation's sample carries.</summary>
    public static string JobEvent(string job, string status, string? failure = null)
    {
        var detail = new JsonObject { ["TrainingJobName"] = job, ["TrainingJobArn"] = "arn:aws:sagemaker:us-east-1:111122223333:training-job/" + job, ["TrainingJobStatus"] = status };
        if (failure is not null) detail["FailureReason"] = failure;
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "SageMaker Training Job State Change",
            ["source"] = "aws.sagemaker",
            ["account"] = "111122223333",
            ["region"] = "us-east-1",
            ["detail"] = detail,
        }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await Aws.DisposeAsync();
        await Images.DisposeAsync();
        httpImages.Dispose();
    }
}
