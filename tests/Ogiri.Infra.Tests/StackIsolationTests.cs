using System.Text.Json;
using Ogiri.Contracts;
using Ogiri.Infra.Tests.Iam;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Infra.Tests;

/// <summary>
/// Two stacks in one account whose names share a beginning: nothing that selects one stack's resources (IAM
/// patterns, the event rule, teardown's filter, version order) may select the other's.
/// </summary>
public class StackIsolationTests
{
    private static readonly AwsScope Scope = new("aws", "ap-northeast-1", "111122223333");

    public static TheoryData<string, string> Pairs => new()
    {
        { "dev", "devalice" }, { "devalice", "dev" }, { "dev", "dev1" }, { "d", "dev" }, { "dev", "data" },
    };

    /// <summary>A job (version) name each stack makes at run time.</summary>
    private static string Job(StackNames names) => ResourceNames.TrainingJob(names.Stem, new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), 0xbeef);

    private static string Bucket(StackNames names) => names.BucketPrefix + "0123abcd";

    /// <summary>Every ARN the stack's resources have, the ones Pulumi makes and the ones its workers make.</summary>
    private static IEnumerable<string> Arns(StackNames n)
    {
        var job = Job(n);
        return
        [
            Scope.BucketArn(Bucket(n)), Scope.BucketArn(Bucket(n)) + "/reports/train.csv.json", Scope.BucketArn(Bucket(n)) + "/train.csv",
            Scope.TableArn(n.Table),
            .. new[] { n.StartRole, n.EndRole, n.TeardownRole, n.SageMakerRole }.Select(Scope.RoleArn),
            .. new[] { n.StartFunction, n.EndFunction, n.TeardownFunction }.Select(Scope.FunctionArn),
            .. new[] { n.StartFunction, n.EndFunction, n.TeardownFunction }.Select(f => Scope.LogGroupArn(StackNames.FunctionLogGroup(f)) + ":log-stream:x"),
            .. new[] { n.FunctionsRepository, n.TrainerRepository }.Select(Scope.RepositoryArn),
            Scope.Arn("events", $"rule/{n.TrainingEventRule}"),
            Scope.SageMakerArn("training-job", job), Scope.SageMakerArn("model", job), Scope.SageMakerArn("endpoint-config", job),
            Scope.SageMakerArn("endpoint", n.Endpoint),
            Scope.LogGroupArn("/aws/sagemaker/Endpoints/" + n.Endpoint) + ":log-stream:x",
        ];
    }

    private static IEnumerable<(string Document, string Json)> Policies(StackNames n)
    {
        var p = new StackPolicies(n, Scope, Bucket(n), StackSettings.Defaults);
        return
        [
            ("deployer", new DeployerPolicy(n, Scope).Build().ToJson()), ("boundary", new DeployerPolicy(n, Scope).Boundary().ToJson()),
            ("sagemaker trust", p.TrustFor(StackPolicies.SageMakerPrincipal).ToJson()), ("start worker", p.StartWorker().ToJson()), ("end worker", p.EndWorker().ToJson()),
            ("teardown", p.Teardown().ToJson()), ("sagemaker", p.SageMakerExecution().ToJson()), ("bucket", p.BucketTlsOnly().ToJson()),
            ("functions repository", p.FunctionsRepositoryPull().ToJson()),
        ];
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void No_policy_pattern_of_one_stack_matches_a_resource_of_the_other(string a, string b)
    {
        StackNames one = new("ogiri", a), other = new("ogiri", b);
        var theirs = Arns(other).ToList();
        // The patterns do reach this stack's own resources: the check below is not vacuous.
        var ownReached = Policies(one).SelectMany(p => new PolicyEvaluator(p.Json).ResourcePatterns())
            .Count(p => Arns(one).Any(arn => PolicyEvaluator.Glob(p.Pattern, arn, ignoreCase: false)));
        Assert.True(ownReached > 20, $"only {ownReached} patterns reach the stack's own resources");
        foreach (var (document, json) in Policies(one))
        {
            foreach (var (sid, pattern) in new PolicyEvaluator(json).ResourcePatterns().Where(p => p.Pattern != "*"))
            {
                var reached = theirs.Where(arn => PolicyEvaluator.Glob(pattern, arn, ignoreCase: false)).ToList();
                Assert.True(reached.Count == 0, $"{a}'s {document} policy, statement {sid} ({pattern}) reaches {b}'s {string.Join(", ", reached)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_event_rule_and_teardown_of_one_stack_never_select_the_others_runtime_resources(string a, string b)
    {
        StackNames one = new("ogiri", a), other = new("ogiri", b);
        using var pattern = JsonDocument.Parse(TrainingJobEvents.Pattern(one));
        var prefix = pattern.RootElement.GetProperty("detail").GetProperty("TrainingJobName")[0].GetProperty("prefix").GetString()!;
        Assert.StartsWith(prefix, Job(one), StringComparison.Ordinal);
        foreach (var name in new[] { Job(other), other.Endpoint })
        {
            Assert.False(name.StartsWith(prefix, StringComparison.Ordinal), $"{a}'s event rule takes {b}'s {name}");
            Assert.False(ResourceNames.BelongsTo(one.Stem, name), $"{a}'s teardown selects {b}'s {name}");
        }
        Assert.True(ResourceNames.BelongsTo(one.Stem, one.Endpoint));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Versions_of_two_stacks_are_never_ordered_against_each_other(string a, string b)
    {
        StackNames one = new("ogiri", a), other = new("ogiri", b);
        Assert.Throws<ArgumentException>(() => ResourceNames.CompareVersions(Job(other), Job(one)));
        Assert.True(ResourceNames.IsVersionOf(one.Stem, Job(one)));
        Assert.False(ResourceNames.IsVersionOf(one.Stem, Job(other)));
        var decision = DeploymentPlanner.Decide(Job(other), new EndpointState(EndpointStatus.InService, Job(one), null));
        Assert.Equal(DeploymentAction.Nothing, decision.Action);
    }

    [Theory]
    [InlineData("dev-alice")]
    [InlineData("dev-")]
    public void A_stack_name_with_a_hyphen_is_refused_saying_why(string stack)
    {
        var e = Assert.Throws<ArgumentException>(() => new StackNames("ogiri", stack));
        Assert.Contains($"stack name '{stack}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("no hyphen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_name_with_a_hyphen_is_refused_too()
    {
        // Project ogiri-dev with stack a would make ogiri-dev-a-…, inside stack dev's ogiri-dev-*.
        var e = Assert.Throws<ArgumentException>(() => new StackNames("ogiri-dev", "a"));
        Assert.Contains("project name 'ogiri-dev'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ResourceNames.ValidatePrefix("ogiri-dev-alice"));
    }
}
