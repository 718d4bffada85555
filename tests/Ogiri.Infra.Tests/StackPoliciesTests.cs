using System.Text.Json;
using Ogiri.Infra;

namespace Ogiri.Infra.Tests;

public class StackPoliciesTests
{
    private static readonly StackNames Names = new("ogiri", "dev");
    private static readonly AwsScope Scope = new("aws", "eu-west-3", "111122223333");
    private const string Bucket = "ogiri-dev-data-abc123";
    private static readonly StackPolicies Policies = new(Names, Scope, Bucket, StackSettings.Defaults);

    /// <summary>Where AWS allows no resource-level scope; nothing else may use "*".</summary>
    private static readonly HashSet<string> Unscopable =
    [
        "rekognition:DetectLabels", "rekognition:DetectText", "ecr:GetAuthorizationToken", "cloudwatch:PutMetricData",
        "sagemaker:ListEndpoints", "sagemaker:ListEndpointConfigs", "sagemaker:ListModels", "sagemaker:ListTrainingJobs", "sts:GetCallerIdentity",
    ];

    public static TheoryData<string> Documents => new() { "start", "end", "teardown", "sagemaker", "functions-repository", "deployer" };

    private static PolicyDocument Document(string name) => name switch
    {
        "start" => Policies.StartWorker(),
        "end" => Policies.EndWorker(),
        "teardown" => Policies.Teardown(),
        "sagemaker" => Policies.SageMakerExecution(),
        "functions-repository" => Policies.FunctionsRepositoryPull(),
        _ => new DeployerPolicy(Names, Scope).Build(),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_action_is_a_wildcard(string name)
    {
        foreach (var s in Document(name).Statements)
        {
            Assert.All(s.Actions, a => Assert.DoesNotContain("*", a, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_resource_is_this_stacks_unless_aws_allows_no_scope(string name)
    {
        foreach (var s in Document(name).Statements)
        {
            foreach (var resource in s.Resources)
            {
                if (resource == "*")
                {
                    Assert.All(s.Actions, a => Assert.Contains(a, Unscopable));
                    continue;
                }
                Assert.StartsWith("arn:aws:", resource, StringComparison.Ordinal);
                var stackOwned = resource.Contains(Bucket, StringComparison.Ordinal)
                    || resource.Contains(Names.Stem, StringComparison.Ordinal)
                    || resource.Contains(Names.Table, StringComparison.Ordinal)
                    || resource.Contains("/aws/sagemaker/TrainingJobs", StringComparison.Ordinal)
                    || resource == "arn:aws:logs:eu-west-3:111122223333:log-group::log-stream:";
                Assert.True(stackOwned, $"{name}/{s.Sid}: {resource} is not scoped to the stack");
                if (!resource.StartsWith("arn:aws:s3:", StringComparison.Ordinal))
                    Assert.Contains("111122223333", resource, StringComparison.Ordinal);
                if (!resource.StartsWith("arn:aws:s3:", StringComparison.Ordinal) && !resource.StartsWith("arn:aws:iam:", StringComparison.Ordinal))
                    Assert.Contains(":eu-west-3:", resource, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Pass_role_is_only_for_the_sagemaker_role_and_only_to_sagemaker()
    {
        foreach (var doc in new[] { Policies.StartWorker(), Policies.EndWorker(), Policies.Teardown(), Policies.SageMakerExecution() })
        {
            foreach (var s in doc.Statements.Where(s => s.Actions.Contains("iam:PassRole")))
            {
                Assert.Equal(["arn:aws:iam::111122223333:role/ogiri-dev-sagemaker"], s.Resources);
                Assert.Equal(["sagemaker.amazonaws.com"], s.Condition!["StringEquals"]["iam:PassedToService"]);
            }
        }
        Assert.Contains(Policies.StartWorker().Statements, s => s.Actions.Contains("iam:PassRole"));
        Assert.DoesNotContain(Policies.SageMakerExecution().Statements, s => s.Actions.Contains("iam:PassRole"));
    }

    [Fact]
    public void Documents_render_as_iam_json()
    {
        using var doc = JsonDocument.Parse(Policies.StartWorker().ToJson());
        Assert.Equal("2012-10-17", doc.RootElement.GetProperty("Version").GetString());
        var first = doc.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Allow", first.GetProperty("Effect").GetString());
        Assert.Equal(JsonValueKind.Array, first.GetProperty("Action").ValueKind);

        using var trust = JsonDocument.Parse(Policies.TrustFor("lambda.amazonaws.com").ToJson());
        var statement = trust.RootElement.GetProperty("Statement")[0];
        Assert.Equal("lambda.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.False(statement.TryGetProperty("Resource", out _));
    }

    [Fact]
    public void The_bucket_denies_every_request_without_tls()
    {
        using var doc = JsonDocument.Parse(Policies.BucketTlsOnly().ToJson());
        var s = doc.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Deny", s.GetProperty("Effect").GetString());
        Assert.Equal("*", s.GetProperty("Principal").GetString());
        Assert.Equal("false", s.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport")[0].GetString());
        Assert.Equal([$"arn:aws:s3:::{Bucket}", $"arn:aws:s3:::{Bucket}/*"], s.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Lambda_may_pull_the_functions_image_only_for_this_stacks_functions()
    {
        var s = Assert.Single(Policies.FunctionsRepositoryPull().Statements);
        Assert.Equal("lambda.amazonaws.com", s.Principal);
        Assert.Equal(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], s.Actions);
        Assert.Empty(s.Resources);
        Assert.Equal(["arn:aws:lambda:eu-west-3:111122223333:function:ogiri-dev-*"], s.Condition!["ArnLike"]["aws:SourceArn"]);
    }

    [Fact]
    public void The_start_worker_may_write_only_images_training_sets_reports_and_job_records()
    {
        var put = Policies.StartWorker().Statements.Where(s => s.Actions.Contains("s3:PutObject")).SelectMany(s => s.Resources);
        Assert.Equal(
            [$"arn:aws:s3:::{Bucket}/images/*", $"arn:aws:s3:::{Bucket}/training/*", $"arn:aws:s3:::{Bucket}/reports/*", $"arn:aws:s3:::{Bucket}/jobs/*"],
            put);
    }
}
