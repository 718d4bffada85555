using Ogiri.Infra.Tests.Iam;

namespace Ogiri.Infra.Tests;

/// <summary>
/// The deployer policy tried as its holder would to get more than it has: roles without or with another boundary,
/// changing the boundary, passing other roles, and the code it can run as a stack role. Evaluated, not compared.
/// </summary>
public class DeployerEscalationTests
{
    private const string Account = "111122223333";
    private static readonly StackNames Names = new("ogiri", "dev");
    private static readonly AwsScope Scope = new("aws", "eu-west-3", Account);
    private static readonly DeployerPolicy Policy = new(Names, Scope);
    private static readonly PolicyEvaluator Deployer = new(Policy.Build().ToJson());
    private static readonly PolicyEvaluator Boundary = new(Policy.Boundary().ToJson());

    private static readonly string StackRole = Scope.RoleArn("ogiri-dev-anything");
    private static readonly string OtherRole = Scope.RoleArn("admin");
    private const string AdminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess";

    private static Dictionary<string, string[]> With(string key, string value) => new() { [key] = [value] };

    [Fact]
    public void A_role_is_created_only_with_the_stacks_boundary()
    {
        Assert.True(Deployer.Allows("iam:CreateRole", StackRole, With("iam:PermissionsBoundary", Policy.BoundaryArn)));
        Assert.False(Deployer.Allows("iam:CreateRole", StackRole));
        Assert.False(Deployer.Allows("iam:CreateRole", StackRole, With("iam:PermissionsBoundary", AdminPolicy)));
        Assert.False(Deployer.Allows("iam:CreateRole", OtherRole, With("iam:PermissionsBoundary", Policy.BoundaryArn)));
    }

    [Theory]
    [InlineData("iam:PutRolePolicy")]
    [InlineData("iam:DeleteRolePolicy")]
    public void A_roles_permissions_change_only_while_it_carries_the_boundary(string action)
    {
        Assert.True(Deployer.Allows(action, StackRole, With("iam:PermissionsBoundary", Policy.BoundaryArn)));
        Assert.False(Deployer.Allows(action, StackRole));
        Assert.False(Deployer.Allows(action, OtherRole, With("iam:PermissionsBoundary", Policy.BoundaryArn)));
    }

    [Theory]
    [InlineData("iam:DeleteRolePermissionsBoundary")]
    [InlineData("iam:PutRolePermissionsBoundary")]
    [InlineData("iam:AttachRolePolicy")]
    public void The_boundary_cannot_be_taken_off_or_bypassed_with_a_managed_policy(string action) =>
        Assert.Equal(Decision.ExplicitDeny, Deployer.Evaluate(action, StackRole, With("iam:PermissionsBoundary", Policy.BoundaryArn)));

    [Theory]
    [InlineData("iam:CreatePolicyVersion")]
    [InlineData("iam:SetDefaultPolicyVersion")]
    [InlineData("iam:DeletePolicy")]
    [InlineData("iam:DeletePolicyVersion")]
    public void The_boundary_policy_cannot_be_changed(string action) =>
        Assert.Equal(Decision.ExplicitDeny, Deployer.Evaluate(action, Policy.BoundaryArn));

    [Fact]
    public void Trust_edits_reach_only_the_stacks_roles()
    {
        Assert.True(Deployer.Allows("iam:UpdateAssumeRolePolicy", Scope.RoleArn(Names.StartRole)));
        Assert.False(Deployer.Allows("iam:UpdateAssumeRolePolicy", OtherRole));
        Assert.False(Deployer.Allows("iam:CreatePolicy", Scope.PolicyArn(Names.PermissionsBoundary)));
    }

    [Fact]
    public void Roles_are_passed_only_as_the_stack_uses_them()
    {
        var toLambda = With("iam:PassedToService", "lambda.amazonaws.com");
        var toSageMaker = With("iam:PassedToService", "sagemaker.amazonaws.com");
        Assert.True(Deployer.Allows("iam:PassRole", Scope.RoleArn(Names.StartRole), toLambda));
        Assert.True(Deployer.Allows("iam:PassRole", Scope.RoleArn(Names.SageMakerRole), toSageMaker));
        Assert.False(Deployer.Allows("iam:PassRole", Scope.RoleArn(Names.SageMakerRole), toLambda));
        Assert.False(Deployer.Allows("iam:PassRole", Scope.RoleArn(Names.StartRole), toSageMaker));
        Assert.False(Deployer.Allows("iam:PassRole", Scope.RoleArn(Names.StartRole), With("iam:PassedToService", "ec2.amazonaws.com")));
        Assert.False(Deployer.Allows("iam:PassRole", OtherRole, toLambda));
        Assert.False(Deployer.Allows("iam:PassRole", StackRole, toLambda));
    }

    /// <summary>Known ways from some IAM rights to all of them, on anything outside the stack.</summary>
    public static TheoryData<string, string> Outside => new()
    {
        { "iam:CreateAccessKey", Scope.Arn("iam", "user/deployer", regional: false) },
        { "iam:CreateLoginProfile", Scope.Arn("iam", "user/admin", regional: false) },
        { "iam:PutUserPolicy", Scope.Arn("iam", "user/deployer", regional: false) },
        { "iam:AttachUserPolicy", Scope.Arn("iam", "user/deployer", regional: false) },
        { "iam:AddUserToGroup", Scope.Arn("iam", "group/admins", regional: false) },
        { "iam:CreatePolicyVersion", AdminPolicy },
        { "iam:PutRolePolicy", OtherRole },
        { "sts:AssumeRole", OtherRole },
        { "lambda:UpdateFunctionCode", Scope.FunctionArn("someone-elses") },
        { "lambda:CreateFunction", Scope.FunctionArn("ogiri-prod-start-training-job") },
        { "ec2:RunInstances", "*" },
        { "cloudformation:CreateStack", "*" },
        { "glue:CreateDevEndpoint", "*" },
    };

    [Theory]
    [MemberData(nameof(Outside))]
    public void The_deployer_reaches_nothing_outside_the_stack(string action, string resource) =>
        Assert.False(Deployer.Allows(action, resource, With("iam:PermissionsBoundary", Policy.BoundaryArn)));

    /// <summary>Code run as a stack role (the deployer can write its inline policy and its function) gets at most the boundary.</summary>
    public static TheoryData<string, string> RoleEscalations => new()
    {
        { "iam:CreateRole", StackRole }, { "iam:PutRolePolicy", Scope.RoleArn(Names.StartRole) }, { "iam:AttachRolePolicy", StackRole },
        { "iam:DeleteRolePermissionsBoundary", StackRole }, { "iam:UpdateAssumeRolePolicy", Scope.RoleArn(Names.StartRole) },
        { "iam:CreateAccessKey", Scope.Arn("iam", "user/deployer", regional: false) }, { "iam:CreatePolicyVersion", Policy.BoundaryArn },
        { "sts:AssumeRole", OtherRole }, { "iam:PassRole", OtherRole }, { "iam:PassRole", Scope.RoleArn(Names.StartRole) },
        { "lambda:CreateFunction", Scope.FunctionArn("ogiri-dev-x") }, { "lambda:UpdateFunctionCode", Scope.FunctionArn(Names.StartFunction) },
        { "lambda:InvokeFunction", Scope.FunctionArn("someone-elses") }, { "s3:PutBucketPolicy", Scope.BucketArn("ogiri-dev-data-1") },
        { "s3:GetObject", Scope.BucketArn("someone-elses") + "/secret" }, { "dynamodb:Scan", Scope.TableArn("Payroll") },
        { "ec2:RunInstances", "*" }, { "sagemaker:CreateTrainingJob", Scope.SageMakerArn("training-job", "other") },
    };

    [Theory]
    [MemberData(nameof(RoleEscalations))]
    public void The_boundary_grants_no_way_out(string action, string resource) =>
        Assert.False(Boundary.Allows(action, resource, With("iam:PassedToService", "sagemaker.amazonaws.com")));

    [Fact]
    public void The_boundary_allows_what_the_stacks_roles_do()
    {
        // Every statement of every role policy, evaluated on its own resources, passes the boundary.
        var policies = new StackPolicies(Names, Scope, Names.BucketPrefix + "x1", StackSettings.Defaults);
        foreach (var document in new[] { policies.StartWorker(), policies.EndWorker(), policies.Teardown(), policies.SageMakerExecution() })
        {
            foreach (var s in document.Statements)
            {
                // A request that meets the statement's own conditions.
                var context = (s.Condition ?? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>())
                    .Where(op => op.Key != "Null").SelectMany(op => op.Value)
                    .ToDictionary(k => k.Key, k => new[] { k.Value[0].Replace("*", "x", StringComparison.Ordinal) });
                foreach (var action in s.Actions)
                {
                    foreach (var resource in s.Resources.Select(r => r.Replace("*", "x", StringComparison.Ordinal)))
                        Assert.True(Boundary.Allows(action, resource, context), $"{s.Sid}: {action} on {resource}");
                }
            }
        }
    }

    [Fact]
    public void The_boundary_fits_a_managed_policy()
    {
        // IAM counts a managed policy's characters without whitespace; 6,144 at most.
        var size = Policy.Boundary().ToJson().Count(c => !char.IsWhiteSpace(c));
        Assert.True(size <= 6144, $"{size} characters");
    }

    [Fact]
    public void Jobs_and_endpoint_configs_start_only_the_configured_instance_type()
    {
        var settings = StackSettings.Defaults with { TrainingInstanceType = "ml.m5.large", EndpointInstanceType = "ml.t2.medium" };
        var policies = new StackPolicies(Names, Scope, "ogiri-dev-data-1", settings);
        var start = new PolicyEvaluator(policies.StartWorker().ToJson());
        var end = new PolicyEvaluator(policies.EndWorker().ToJson());
        var job = Scope.SageMakerArn("training-job", "ogiri-dev-20261202-000000-000-0001");
        var config = Scope.SageMakerArn("endpoint-config", "ogiri-dev-20261202-000000-000-0001");
        Assert.True(start.Allows("sagemaker:CreateTrainingJob", job, With("sagemaker:InstanceTypes", "ml.m5.large")));
        Assert.False(start.Allows("sagemaker:CreateTrainingJob", job, With("sagemaker:InstanceTypes", "ml.p4d.24xlarge")));
        Assert.False(start.Allows("sagemaker:CreateTrainingJob", job, new Dictionary<string, string[]> { ["sagemaker:InstanceTypes"] = ["ml.m5.large", "ml.p4d.24xlarge"] }));
        Assert.False(start.Allows("sagemaker:CreateTrainingJob", job));
        Assert.True(end.Allows("sagemaker:CreateEndpointConfig", config, With("sagemaker:InstanceTypes", "ml.t2.medium")));
        Assert.False(end.Allows("sagemaker:CreateEndpointConfig", config, With("sagemaker:InstanceTypes", "ml.m5.large")));
    }

    [Theory]
    [InlineData(StackPolicies.SageMakerPrincipal)]
    [InlineData(StackPolicies.LambdaPrincipal)]
    public void Service_roles_trust_the_service_only_for_this_account(string principal)
    {
        var trust = new PolicyEvaluator(new StackPolicies(Names, Scope, "b", StackSettings.Defaults).TrustFor(principal).ToJson());
        var ours = new Dictionary<string, string[]>
        {
            ["aws:SourceAccount"] = [Account], ["aws:SourceArn"] = [Scope.SageMakerArn("training-job", "ogiri-dev-20261202-000000-000-0001")],
        };
        var theirs = new Dictionary<string, string[]>
        {
            ["aws:SourceAccount"] = ["999988887777"], ["aws:SourceArn"] = ["arn:aws:sagemaker:eu-west-3:999988887777:training-job/x"],
        };
        Assert.True(trust.Allows("sts:AssumeRole", StackRole, ours));
        Assert.False(trust.Allows("sts:AssumeRole", StackRole, theirs));
        Assert.False(trust.Allows("sts:AssumeRole", StackRole));
    }

    [Fact]
    public void The_deployer_may_upload_follow_the_job_and_use_the_endpoint()
    {
        var bucket = Scope.BucketArn(Names.BucketPrefix + "abc");
        Assert.True(Deployer.Allows("s3:PutObject", bucket + "/train.csv"));
        Assert.True(Deployer.Allows("s3:GetObject", bucket + "/reports/train.csv.json"));
        Assert.True(Deployer.Allows("sagemaker:DescribeTrainingJob", Scope.SageMakerArn("training-job", "ogiri-dev-20261202-000000-000-0001")));
        Assert.True(Deployer.Allows("sagemaker:InvokeEndpoint", Scope.SageMakerArn("endpoint", Names.Endpoint)));
        Assert.True(Deployer.Allows("sagemaker:DescribeEndpoint", Scope.SageMakerArn("endpoint", Names.Endpoint)));
    }
}
