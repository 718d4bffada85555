namespace Ogiri.Infra;

/// <summary>
/// The minimal permissions of the user who runs <c>pulumi up</c>/<c>destroy</c> for one stack, scoped to the
/// stack's names. Printed by the README's instructions (<c>./ogiri infra deployer-policy</c> renders it).
/// </summary>
public sealed class DeployerPolicy(StackNames names, AwsScope scope)
{
    private string Stem => names.Stem;

    public PolicyDocument Build() => new(
    [
        new("Bucket", ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketAcl", "s3:GetBucketCORS",
                "s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:GetBucketLogging", "s3:GetBucketTagging", "s3:PutBucketTagging",
                "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:GetBucketRequestPayment", "s3:GetBucketLocation",
                "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration", "s3:GetLifecycleConfiguration",
                "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration",
                "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions", "s3:PutBucketNotification", "s3:GetBucketNotification"],
            [scope.BucketArn(names.BucketPrefix + "*"), scope.BucketArn(names.BucketPrefix + "*") + "/*"]),
        new("Table", ["dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
                "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive",
                "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource"],
            [scope.TableArn(names.Table)]),
        new("Roles", ["iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy",
                "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole", "iam:TagRole", "iam:UntagRole"],
            [scope.RoleArn(Stem + "-*")]),
        new("PassRoles", ["iam:PassRole"], [scope.RoleArn(Stem + "-*")],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["iam:PassedToService"] = [StackPolicies.LambdaPrincipal, StackPolicies.SageMakerPrincipal],
                },
            }),
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
    ]);
}
