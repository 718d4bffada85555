using Ogiri.Contracts;

namespace Ogiri.Infra;

/// <summary>
/// Every name this stack gives a resource, derived from the project and stack names so that two
/// stacks in one account never collide. Runtime-created SageMaker resources (jobs, models, endpoint
/// configs) carry <see cref="RuntimePrefix"/>, which IAM policies, the event rule and teardown match.
/// </summary>
public sealed record StackNames
{
    public StackNames(string project, string stack)
    {
        Stem = ResourceNames.Stem(project, stack);
        Project = project;
        Stack = stack;
    }

    public string Project { get; }
    public string Stack { get; }

    /// <summary>
    /// The tags every taggable resource of the stack carries (the program's resources; SageMaker's runtime ones are
    /// named by <see cref="RuntimePrefix"/>): cost reports and the console group a stack's resources by them.
    /// </summary>
    public System.Collections.Immutable.ImmutableDictionary<string, string> Tags => System.Collections.Immutable.ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>("ogiri:project", Project),
            new KeyValuePair<string, string>("ogiri:stack", Stack),
            new KeyValuePair<string, string>("ogiri:managed-by", "pulumi"),
        ]);

    /// <summary><c>ogiri-dev</c>: the stem of every name below (<see cref="ResourceNames.Stem"/> says why neither part holds a hyphen).</summary>
    public string Stem { get; }

    /// <summary>Bucket names are global: Pulumi appends a random suffix to this prefix.</summary>
    public string BucketPrefix => $"{Stem}-data-";

    public string Table => $"{TrainingTableSchema.TableName}-{Stack}";

    public string StartFunction => $"{Stem}-start-training-job";
    public string EndFunction => $"{Stem}-end-training-job";
    public string TeardownFunction => $"{Stem}-teardown";

    public string StartRole => $"{Stem}-start-worker";
    public string EndRole => $"{Stem}-end-worker";
    public string TeardownRole => $"{Stem}-teardown";
    public string SageMakerRole => $"{Stem}-sagemaker";

    /// <summary>
    /// The managed policy every role of the stack carries as its permissions boundary. An administrator creates it
    /// once per stack (<c>ogiri deployer-policy --boundary</c>); the deployer may neither create nor change it.
    /// </summary>
    public string PermissionsBoundary => $"{Stem}-boundary";

    public string FunctionsRepository => $"{Stem}-functions";
    public string TrainerRepository => $"{Stem}-trainer";

    public string TrainingEventRule => $"{Stem}-training-job-state";

    /// <summary>Prefix of training jobs, models, endpoint configs created at run time (<see cref="ResourceNames"/> makes them).</summary>
    public string RuntimePrefix => ResourceNames.NamePrefix(Stem);

    /// <summary>The one endpoint this stack serves from; updated in place for every new model.</summary>
    public string Endpoint => ResourceNames.Endpoint(Stem);

    public static string FunctionLogGroup(string functionName) => $"/aws/lambda/{functionName}";
}
