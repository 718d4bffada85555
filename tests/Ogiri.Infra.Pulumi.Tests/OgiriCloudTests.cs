using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using Aws = Pulumi.Aws;
using Docker = Pulumi.Docker;

namespace Ogiri.Infra.Pulumi.Tests;

public class OgiriCloudTests
{
    private static async Task<(ImmutableArray<Resource> Resources, StackMocks Mocks)> Deploy()
    {
        var mocks = new StackMocks();
        var resources = await Deployment.TestAsync<OgiriCloud>(mocks, new TestOptions { IsPreview = false, ProjectName = "ogiri", StackName = "dev" });
        return (resources, mocks);
    }

    private static Task<T> Value<T>(Output<T> output)
    {
        var done = new TaskCompletionSource<T>();
        output.Apply(v => { done.SetResult(v); return v; });
        return done.Task;
    }

    [Fact]
    public async Task Every_function_runs_the_pushed_functions_image_by_digest_with_its_own_handler()
    {
        var (resources, _) = await Deploy();
        var image = resources.OfType<Docker.Image>().Single(i => i.GetResourceName() == "functions");
        var digest = await Value(image.RepoDigest);
        var functions = resources.OfType<Aws.Lambda.Function>().ToList();
        Assert.Equal(3, functions.Count);
        foreach (var f in functions)
        {
            Assert.Equal(digest, await Value(f.ImageUri));
            Assert.Equal("Image", await Value(f.PackageType));
        }
        Assert.Contains("@sha256:", digest, StringComparison.Ordinal);
        var commands = new List<string>();
        foreach (var f in functions) commands.AddRange((await Value(f.ImageConfig))!.Commands);
        Assert.Equal(["end-training-job", "start-training-job", "teardown"], commands.Order());
    }

    [Fact]
    public async Task Lambda_may_pull_the_functions_image_before_any_function_exists()
    {
        var (resources, mocks) = await Deploy();
        var pull = Assert.Single(resources.OfType<Aws.Ecr.RepositoryPolicy>());
        Assert.Equal("ogiri-dev-functions", await Value(pull.Repository));
        var order = mocks.Registered.Select(r => r.Type).ToList();
        Assert.True(order.IndexOf("aws:ecr/repositoryPolicy:RepositoryPolicy") < order.IndexOf("aws:lambda/function:Function"));
    }

    [Fact]
    public async Task The_notification_filters_csv_and_is_registered_after_its_permission()
    {
        var (resources, mocks) = await Deploy();
        var notification = Assert.Single(resources.OfType<Aws.S3.BucketNotification>());
        var lambda = Assert.Single((await Value(notification.LambdaFunctions))!);
        Assert.Equal(".csv", lambda.FilterSuffix);
        // <string>: an ImmutableArray compared as itself would compare references, not elements.
        Assert.Equal<string>(["s3:ObjectCreated:*"], lambda.Events);
        var order = mocks.Registered.Select(r => r.Name).ToList();
        Assert.True(order.IndexOf("start-worker-from-s3") < order.IndexOf("csv-uploads"), "the permission must exist before the notification");
    }

    [Fact]
    public async Task There_is_exactly_one_event_rule_and_it_targets_the_end_worker()
    {
        var (resources, _) = await Deploy();
        var rule = Assert.Single(resources.OfType<Aws.CloudWatch.EventRule>());
        using var pattern = JsonDocument.Parse((await Value(rule.EventPattern))!);
        Assert.Equal("ogiri-dev-", pattern.RootElement.GetProperty("detail").GetProperty("TrainingJobName")[0].GetProperty("prefix").GetString());
        var target = Assert.Single(resources.OfType<Aws.CloudWatch.EventTarget>());
        var end = resources.OfType<Aws.Lambda.Function>().Single(f => f.GetResourceName() == "end-worker");
        Assert.Equal(await Value(end.Arn), await Value(target.Arn));
    }

    [Fact]
    public async Task Destroy_runs_the_teardown_handler_after_removing_what_starts_jobs()
    {
        var (resources, mocks) = await Deploy();
        var invocation = Assert.Single(resources.OfType<Aws.Lambda.Invocation>());
        Assert.Equal("CRUD", await Value(invocation.LifecycleScope));
        Assert.Equal("ogiri-dev-teardown", await Value(invocation.FunctionName));
        // Created before the triggers, so destroyed after them.
        var order = mocks.Registered.Select(r => r.Type).ToList();
        var invoked = order.IndexOf("aws:lambda/invocation:Invocation");
        Assert.True(invoked < order.IndexOf("aws:s3/bucketNotification:BucketNotification"));
        Assert.True(invoked < order.IndexOf("aws:cloudwatch/eventTarget:EventTarget"));
    }

    [Fact]
    public async Task Images_are_built_from_the_project_folder_named_relative_to_the_working_folder()
    {
        var (_, mocks) = await Deploy();
        foreach (var (image, dockerfile) in new[] { ("functions", "functions/Dockerfile"), ("trainer", "trainer/Dockerfile") })
        {
            var build = (IReadOnlyDictionary<string, object>)mocks.Inputs[("docker:index/image:Image", image)]["build"];
            var context = (string)build["context"];
            // An absolute path would differ per checkout and change the state (and rebuild) from one machine to the next.
            Assert.False(Path.IsPathRooted(context), context);
            Assert.True(File.Exists(Path.Combine(context, "Pulumi.yaml")), $"{context} is not the project folder");
            Assert.Equal($"{context}/{dockerfile}", (string)build["dockerfile"]);
        }
    }

    [Fact]
    public async Task Every_role_carries_the_stacks_permissions_boundary_and_trusts_only_this_account()
    {
        var (resources, _) = await Deploy();
        var roles = resources.OfType<Aws.Iam.Role>().ToList();
        Assert.Equal(4, roles.Count);
        foreach (var role in roles)
        {
            Assert.Equal($"arn:aws:iam::{StackMocks.Account}:policy/ogiri-dev-boundary", await Value(role.PermissionsBoundary));
            using var trust = JsonDocument.Parse((await Value(role.AssumeRolePolicy))!);
            var account = trust.RootElement.GetProperty("Statement")[0].GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount")[0];
            Assert.Equal(StackMocks.Account, account.GetString());
        }
    }

    [Fact]
    public async Task An_upload_the_start_worker_gives_up_on_goes_to_the_end_worker()
    {
        var (resources, _) = await Deploy();
        var config = Assert.Single(resources.OfType<Aws.Lambda.FunctionEventInvokeConfig>());
        Assert.Equal("ogiri-dev-start-training-job", await Value(config.FunctionName));
        Assert.Equal(2, await Value(config.MaximumRetryAttempts));
        var end = resources.OfType<Aws.Lambda.Function>().Single(f => f.GetResourceName() == "end-worker");
        Assert.Equal(await Value(end.Arn), (await Value(config.DestinationConfig))!.OnFailure!.Destination);
    }

    [Fact]
    public async Task Every_taggable_resource_is_registered_with_the_stacks_tags()
    {
        var (_, mocks) = await Deploy();
        string[] taggable = ["aws:s3/bucket:Bucket", "aws:dynamodb/table:Table", "aws:ecr/repository:Repository", "aws:iam/role:Role",
            "aws:cloudwatch/logGroup:LogGroup", "aws:lambda/function:Function", "aws:cloudwatch/eventRule:EventRule"];

        var tagged = mocks.Inputs.Where(r => taggable.Contains(r.Key.Type)).ToList();

        Assert.Equal(taggable.Order(StringComparer.Ordinal), tagged.Select(r => r.Key.Type).Distinct().Order(StringComparer.Ordinal));
        foreach (var (resource, inputs) in tagged)
        {
            var tags = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(inputs["tags"]);
            Assert.True(new StackNames("ogiri", "dev").Tags.All(t => tags.TryGetValue(t.Key, out var v) && (string)v == t.Value), $"{resource} lacks the stack's tags");
        }
    }
}
