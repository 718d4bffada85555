namespace Ogiri.Infra;

/// <summary>Where the stack lives, read from the provider at deploy time (never written down).</summary>
public sealed record AwsScope(string Partition, string Region, string AccountId)
{
    public string Arn(string service, string resource, bool regional = true, bool withAccount = true) =>
        $"arn:{Partition}:{service}:{(regional ? Region : "")}:{(withAccount ? AccountId : "")}:{resource}";

    public string BucketArn(string bucket) => $"arn:{Partition}:s3:::{bucket}";
    public string TableArn(string table) => Arn("dynamodb", $"table/{table}");
    public string RoleArn(string role) => Arn("iam", $"role/{role}", regional: false);
    public string FunctionArn(string function) => Arn("lambda", $"function:{function}");
    public string RepositoryArn(string repository) => Arn("ecr", $"repository/{repository}");
    public string LogGroupArn(string logGroup) => Arn("logs", $"log-group:{logGroup}");
    public string SageMakerArn(string kind, string namePattern) => Arn("sagemaker", $"{kind}/{namePattern}");
}
