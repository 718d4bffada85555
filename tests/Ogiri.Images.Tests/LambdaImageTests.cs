using System.Text.Json.Nodes;
using Ogiri.Contracts;
using Ogiri.Images.Tests.Docker;
using Ogiri.TestSupport;

namespace Ogiri.Images.Tests;

/// <summary>The workers' image as Lambda runs it: the container's own bootstrap polling a Runtime API on 127.0.0.1.</summary>
[Collection(ContainerImages.Name)]
public sealed class LambdaImageTests(BuiltImages images)
{
    private const string Bucket = "ogiri-test-bucket";
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// What Lambda sets, plus the stack's settings. Credentials in the environment end the SDK's credential chain
    /// there (it never asks for instance metadata), and every AWS endpoint is a closed port on 127.0.0.1, so a
    /// call no test expects fails here instead of leaving the machine.
    /// </summary>
    private static List<string> Environment(FakeRuntimeApi runtime)
    {
        var closed = "http://127.0.0.1:9";
        var variables = new Dictionary<string, string>
        {
            [FunctionEnvironment.RuntimeApi] = runtime.RuntimeApi,
            [FunctionEnvironment.Region] = "us-east-1",
            [FunctionEnvironment.FunctionName] = "ogiri-test-start-training-job",
            ["AWS_ACCESS_KEY_ID"] = "AKIAOGIRITEST",
            ["AWS_SECRET_ACCESS_KEY"] = "ogiri-test-secret",
            [FunctionEnvironment.Bucket] = Bucket,
            [FunctionEnvironment.ResourcePrefix] = "ogiri-test",
            [FunctionEnvironment.Stack] = "test",
            [FunctionEnvironment.TrainerImage] = "111122223333.dkr.ecr.us-east-1.amazonaws.com/ogiri-trainer@sha256:" + new string('0', 64),
            [FunctionEnvironment.SageMakerRoleArn] = "arn:aws:iam::111122223333:role/ogiri-test-sagemaker",
            [FunctionEnvironment.S3Endpoint] = closed,
            [FunctionEnvironment.DynamoDbEndpoint] = closed,
            [FunctionEnvironment.RekognitionEndpoint] = closed,
            [FunctionEnvironment.SageMakerEndpoint] = closed,
            [FunctionEnvironment.LambdaEndpoint] = closed,
        };
        return [.. variables.SelectMany(v => new[] { "-e", $"{v.Key}={v.Value}" })];
    }

    private Task<Container> StartAsync(FakeRuntimeApi runtime, params string[] command) =>
        Container.StartAsync(images.Docker, images.Lambda, Environment(runtime), command, CancellationToken.None);

    /// <summary>Waits until every queued event has an answer; a container that ends first fails the test with its output.</summary>
    private static async Task AnsweredAsync(FakeRuntimeApi runtime, Container function)
    {
        var answered = runtime.IdleAsync(AnswerTimeout);
        var ended = function.WaitAsync(AnswerTimeout, CancellationToken.None);
        if (await Task.WhenAny(answered, ended) == answered)
        {
            await answered;
            return;
        }
        var logs = await function.LogsAsync(CancellationToken.None);
        Assert.Fail($"the function ended with exit code {await ended} before answering every event: {logs.Stdout}{logs.Stderr}");
    }

    [Fact]
    public async Task The_default_command_is_the_start_worker_answering_events_that_need_no_AWS_and_reporting_a_bad_one()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        runtime.Enqueue("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-01-01T00:00:00.000Z","Bucket":"ogiri-test-bucket"}""");
        runtime.Enqueue("""{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"ogiri-test-bucket"},"object":{"key":"notes/read+me.txt"}}}]}""");
        runtime.Enqueue("""{"bucket":"someone-elses-bucket","key":"train.csv"}""");
        await using var function = await StartAsync(runtime);

        await AnsweredAsync(runtime, function);

        Assert.Empty(runtime.InitErrors);
        var results = runtime.Results.ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal((null, "[]"), (results[0].ErrorType, results[0].Body));
        Assert.Null(results[1].ErrorType);
        var ignored = Assert.Single(JsonNode.Parse(results[1].Body)!.AsArray())!;
        Assert.Equal("notes/read me.txt", ignored["key"]!.GetValue<string>());
        Assert.Equal("ignored: not a CSV upload", ignored["state"]!.GetValue<string>());
        Assert.Equal("InvalidDataException", results[2].ErrorType);
        Assert.Contains("this function serves 'ogiri-test-bucket'", JsonNode.Parse(results[2].Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await function.IsRunningAsync(CancellationToken.None), "the worker keeps polling for the next event");
    }

    [Fact]
    public async Task The_teardown_command_answers_a_stack_update_without_removing_anything()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        runtime.Enqueue("""{"tf":{"action":"update","prev_input":{}}}""");
        await using var function = await StartAsync(runtime, FunctionHandlers.Teardown);

        await AnsweredAsync(runtime, function);

        var result = Assert.Single(runtime.Results);
        Assert.Null(result.ErrorType);
        Assert.Equal("""{"removed":false}""", result.Body);
    }

    [Fact]
    public async Task An_unknown_command_is_reported_as_an_init_error_and_the_container_exits_1()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        await using var function = await StartAsync(runtime, "resize-images");

        Assert.Equal(1, await function.WaitAsync(AnswerTimeout, CancellationToken.None));
        var initError = Assert.Single(runtime.InitErrors).Split(' ', 2);
        Assert.Equal("InvalidOperationException", initError[0]);
        Assert.Contains("unknown handler 'resize-images'", JsonNode.Parse(initError[1])!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(runtime.Results);
    }
}
