using System.Text.Json.Nodes;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Lambda;
using Ogiri.Lambda.Runtime;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Handlers;

[Collection(LocalAws.Name)]
public sealed class TeardownAndRuntimeTests(S3rverFixture s3rver, DynaliteFixture dynalite, OracleFixture oracle)
{
    [Fact]
    public async Task Teardown_deletes_this_stacks_endpoint_configs_and_models_only_on_delete()
    {
        await using var h = await FunctionsHarness.StartAsync(s3rver, dynalite, oracle, []);
        var ours = Enumerable.Range(1, 5).Select(i => ResourceNames.TrainingJob(FunctionsHarness.Prefix, DateTimeOffset.UnixEpoch.AddDays(i), i)).ToList();
        string[] theirs = ["ogiri-test2-20250101-000000-000-0001", "someone-else-model"];
        h.SageMaker.SeedHosting([.. ours, .. theirs], [.. ours, .. theirs]);
        h.SageMaker.Endpoints[ResourceNames.Endpoint(FunctionsHarness.Prefix)] = new FakeSageMaker.Endpoint(ours[^1], "InService", 0);
        h.SageMaker.Endpoints["ogiri-test2-endpoint"] = new FakeSageMaker.Endpoint(theirs[0], "InService", 0);
        // Three of this stack's jobs still running (more than one page), one finished, one of another stack running.
        foreach (var job in ours.Take(3)) h.SageMaker.Seed(job, "InProgress");
        h.SageMaker.Seed(ours[3], "Completed");
        h.SageMaker.Seed(theirs[0], "InProgress");

        var update = await h.RunAsync(FunctionHandlers.Teardown, """{"tf":{"action":"update","prev_input":{}}}""");
        Assert.Equal((7, 7, 2), (h.SageMaker.Models.Count, h.SageMaker.Configs.Count, h.SageMaker.Endpoints.Count));
        var delete = await h.RunAsync(FunctionHandlers.Teardown, """{"tf":{"action":"delete","prev_input":{}}}""");

        Assert.False(JsonNode.Parse(Assert.Single(update).Body)!["removed"]!.GetValue<bool>());
        var removed = JsonNode.Parse(Assert.Single(delete).Body)!;
        Assert.Equal((1, 5, 5), (removed["endpoints"]!.GetValue<int>(), removed["endpointConfigs"]!.GetValue<int>(), removed["models"]!.GetValue<int>()));
        Assert.Equal(theirs.Order(), h.SageMaker.Models.Order());
        Assert.Equal(theirs.Order(), h.SageMaker.Configs.Order());
        Assert.Equal(["ogiri-test2-endpoint"], h.SageMaker.Endpoints.Keys);
        Assert.Equal(3, removed["trainingJobsStopped"]!.GetValue<int>());
        Assert.All(h.Aws.CallsOf("StopTrainingJob"), c => Assert.StartsWith(FunctionsHarness.Prefix + "-", c.Body["TrainingJobName"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(ours.Take(3).Order(), h.Aws.CallsOf("StopTrainingJob").Select(c => c.Body["TrainingJobName"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task An_unknown_handler_is_reported_as_an_init_error_and_ends_the_loop()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        using var http = new HttpClient();
        var bootstrap = new LambdaBootstrap(new RuntimeApiClient(http, runtime.RuntimeApi), TimeProvider.System, _ => { });

        var exit = await bootstrap.RunAsync(_ => Task.FromResult(
            new FunctionComposition(_ => null, TimeProvider.System, null, S3rverFixture.Credentials).Create("start")), CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("InvalidOperationException", Assert.Single(runtime.InitErrors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_loop_sets_the_trace_id_and_posts_each_answer_or_error()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        runtime.Enqueue("""{"n":1}""");
        runtime.Enqueue("""{"fail":true}""");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var traces = new List<string?>();
        using var stop = new CancellationTokenSource();
        var loop = new LambdaBootstrap(new RuntimeApiClient(http, runtime.RuntimeApi), TimeProvider.System, traces.Add)
            .RunAsync(_ => Task.FromResult<IHandler>(new EchoHandler()), stop.Token);

        await runtime.IdleAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        Assert.Equal(0, await loop);

        var results = runtime.Results.ToList();
        Assert.Equal(2, results.Count);
        Assert.StartsWith("{\"n\":1,\"remainingSeconds\":", results[0].Body, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(results[0].Body)!["remainingSeconds"]!.GetValue<double>() is > 200 and <= 300);
        Assert.Equal("ArgumentException", results[1].ErrorType);
        Assert.Equal("asked to fail", JsonNode.Parse(results[1].Body)!["errorMessage"]!.GetValue<string>());
        Assert.Equal(runtime.TraceIds, traces);
    }

    private sealed class EchoHandler : IHandler
    {
        public Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(context.Payload.Span)!.AsObject();
            if (body.ContainsKey("fail")) throw new ArgumentException("asked to fail");
            body["remainingSeconds"] = context.RemainingTime.TotalSeconds;
            return Task.FromResult<ReadOnlyMemory<byte>>(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
    }
}
