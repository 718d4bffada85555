using System.Text.RegularExpressions;

namespace Ogiri.Infra;

/// <summary>Where the stack lives, read from the provider at deploy time (never written down).</summary>
public sealed partial record AwsScope(string Partition, string Region, string AccountId)
{
    /// <summary>An AWS region code: area, optional partition word, direction, number (not a city name).</summary>
    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$")]
    public static partial Regex RegionCode();

    /// <summary>The problem with a scope typed in by hand, or null when it is well formed.</summary>
    public static string? Problem(string partition, string region, string account) =>
        partition is not ("aws" or "aws-cn" or "aws-us-gov") ? $"--partition '{partition}' is not aws, aws-cn or aws-us-gov"
        : !RegionCode().IsMatch(region) ? $"--region '{region}' is not an AWS region code (area-direction-number, as `aws account list-regions` prints them)"
        : account.Length != 12 || !account.All(char.IsAsciiDigit) ? $"--account '{account}' is not a 12-digit AWS account id"
        : null;

    public string Arn(string service, string resource, bool regional = true, bool withAccount = true) =>
        $"arn:{Partition}:{service}:{(regional ? Region : "")}:{(withAccount ? AccountId : "")}:{resource}";

    public string BucketArn(string bucket) => $"arn:{Partition}:s3:::{bucket}";
    public string TableArn(string table) => Arn("dynamodb", $"table/{table}");
    public string RoleArn(string role) => Arn("iam", $"role/{role}", regional: false);
    public string PolicyArn(string policy) => Arn("iam", $"policy/{policy}", regional: false);
    public string FunctionArn(string function) => Arn("lambda", $"function:{function}");
    public string RepositoryArn(string repository) => Arn("ecr", $"repository/{repository}");
    public string LogGroupArn(string logGroup) => Arn("logs", $"log-group:{logGroup}");
    public string SageMakerArn(string kind, string namePattern) => Arn("sagemaker", $"{kind}/{namePattern}");
}
