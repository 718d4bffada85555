namespace Ogiri.Infra;

/// <summary>
/// The minimal permissions of the user who runs <c>pulumi up</c>/<c>destroy</c> for one stack, scoped to the
/// stack's names, and the permissions boundary its roles carry. Printed by <c>ogiri deployer-policy</c>.
/// The deployer can create and change roles, pass them and run code as them, so it could grant itself anything a
/// role can hold: every role it creates or whose policy it changes must carry <see cref="Boundary"/>, which an
/// administrator creates and the deployer cannot change or remove. What a role can do is then at most the union of
/// the stack's own role policies, however its inline policy or trust is rewritten.
/// </summary>
public sealed class DeployerPolicy(StackNames names, AwsScope scope)
{
    private string Stem => names.Stem;

    public string BoundaryArn => scope.PolicyArn(names.PermissionsBoundary);

    private string Bucket => scope.BucketArn(names.BucketPrefix + "*");

    /// <summary>
    /// The boundary: every statement of the stack's four role policies, for any of the stack's buckets. Instance
    /// types are the inline policies' business (they follow the stack's settings, which the boundary cannot know).
    /// Scoped statements without a condition are merged per service (each service's actions on its resources of this
    /// stack) to stay within IAM's 6,144 characters for a managed policy; the others are kept as they are.
    /// </summary>
    public PolicyDocument Boundary()
    {
        var policies = new StackPolicies(names, scope, names.BucketPrefix + "*", StackSettings.Defaults);
        (string Role, PolicyDocument Document)[] roles =
            [("Start", policies.StartWorker()), ("End", policies.EndWorker()), ("Teardown", policies.Teardown()), ("SageMaker", policies.SageMakerExecution())];
        var statements = roles.SelectMany(r => r.Document.Statements.Select(st => st with
        {
            Sid = r.Role + st.Sid,
            Condition = st.Condition?.Values.Any(keys => keys.ContainsKey(InstanceTypesKey)) == true ? null : st.Condition,
        })).ToList();
        // A statement on "*" (actions with no resource scope) stays apart: merged, its "*" would reach every action.
        bool Mergeable(PolicyStatement st) => st.Condition is null && !st.Resources.Contains("*");
        var merged = statements.Where(Mergeable)
            .GroupBy(st => st.Actions[0].Split(':')[0], StringComparer.Ordinal)
            .Select(g => new PolicyStatement(
                string.Concat(g.Key.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
                [.. g.SelectMany(st => st.Actions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. g.SelectMany(st => st.Resources).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
        return new([.. merged, .. statements.Where(st => !Mergeable(st))]);
    }

    private const string InstanceTypesKey = "sagemaker:InstanceTypes";

    public PolicyDocument Build() => new(
    [
        new("Bucket", ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketAcl", "s3:GetBucketCORS",
                "s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:GetBucketLogging", "s3:GetBucketTagging", "s3:PutBucketTagging",
                "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:GetBucketRequestPayment", "s3:GetBucketLocation",
                "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration", "s3:GetLifecycleConfiguration",
                "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration",
                "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions", "s3:PutBucketNotification", "s3:GetBucketNotification"],
            [Bucket, Bucket + "/*"]),
        new("Table", ["dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
                "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive",
                "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource"],
            [scope.TableArn(names.Table)]),
        // A role is created, and its permissions changed, only with the stack's boundary on it.
        new("BoundedRoles", ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"], [scope.RoleArn(Stem + "-*")],
            PolicyDocument.When(("StringEquals", "iam:PermissionsBoundary", [BoundaryArn]))),
        // Trust edits reach only the stack's own roles, which all carry the boundary (IAM has no condition on a trust
        // document's content): whoever a changed trust lets in gets at most the boundary.
        new("Roles", ["iam:DeleteRole", "iam:GetRole", "iam:UpdateAssumeRolePolicy", "iam:GetRolePolicy", "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:TagRole", "iam:UntagRole"],
            [scope.RoleArn(Stem + "-*")]),
        new("ReadBoundary", ["iam:GetPolicy", "iam:GetPolicyVersion"], [BoundaryArn]),
        // Belt and braces against other policies of the same user: the boundary stays as the administrator made it.
        new("KeepTheBoundary", ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            [scope.RoleArn(Stem + "-*")], Effect: "Deny"),
        new("KeepTheBoundaryPolicy", ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
            [BoundaryArn], Effect: "Deny"),
        new("PassWorkerRoles", ["iam:PassRole"], [scope.RoleArn(names.StartRole), scope.RoleArn(names.EndRole), scope.RoleArn(names.TeardownRole)],
            PolicyDocument.When(("StringEquals", "iam:PassedToService", [StackPolicies.LambdaPrincipal]))),
        new("PassSageMakerRole", ["iam:PassRole"], [scope.RoleArn(names.SageMakerRole)],
            PolicyDocument.When(("StringEquals", "iam:PassedToService", [StackPolicies.SageMakerPrincipal]))),
        new("Repositories", ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories", "ecr:PutLifecyclePolicy",
                "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:SetRepositoryPolicy", "ecr:GetRepositoryPolicy",
                "ecr:DeleteRepositoryPolicy", "ecr:PutImageScanningConfiguration", "ecr:ListTagsForResource",
                "ecr:TagResource", "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchDeleteImage",
                "ecr:ListImages", "ecr:DescribeImages"],
            [scope.RepositoryArn(Stem + "-*")]),
        // Registry login and caller identity accept no resource scope.
        new("RegistryLogin", ["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"], ["*"]),
        new("Functions", ["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
                "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:AddPermission", "lambda:RemovePermission",
                "lambda:GetPolicy", "lambda:InvokeFunction", "lambda:ListVersionsByFunction", "lambda:GetFunctionCodeSigningConfig",
                "lambda:TagResource", "lambda:ListTags"],
            [scope.FunctionArn(Stem + "-*")]),
        new("LogGroups", ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:ListTagsForResource",
                "logs:TagResource", "logs:DescribeLogGroups"],
            [scope.LogGroupArn($"/aws/lambda/{Stem}-*") + ":*", scope.Arn("logs", "log-group::log-stream:")]),
        new("EventRule", ["events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets", "events:RemoveTargets",
                "events:ListTargetsByRule", "events:ListTagsForResource", "events:TagResource"],
            [scope.Arn("events", $"rule/{names.TrainingEventRule}")]),
        // What `ogiri upload --wait` does (upload, read the report, follow the job and the endpoint) and invoking the endpoint.
        new("Upload", ["s3:PutObject", "s3:GetObject"], [Bucket + "/*"]),
        new("FollowTraining", ["sagemaker:DescribeTrainingJob"], [scope.SageMakerArn("training-job", names.RuntimePrefix + "*")]),
        new("UseTheEndpoint", ["sagemaker:DescribeEndpoint", "sagemaker:InvokeEndpoint"], [scope.SageMakerArn("endpoint", names.Endpoint)]),
    ]);
}
