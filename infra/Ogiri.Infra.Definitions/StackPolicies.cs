using Ogiri.Contracts;

namespace Ogiri.Infra;

/// <summary>
/// Least-privilege policies of the stack's roles, built from resource names and the scope the provider
/// reports. No action is a wildcard; every resource is this stack's, except where AWS offers no
/// resource scope (Rekognition DetectLabels/DetectText, ecr:GetAuthorizationToken, cloudwatch:PutMetricData).
/// </summary>
public sealed class StackPolicies(StackNames names, AwsScope scope, string bucket, StackSettings settings)
{
    public const string LambdaPrincipal = "lambda.amazonaws.com";
    public const string SageMakerPrincipal = "sagemaker.amazonaws.com";

    private string Objects(string prefix) => scope.BucketArn(bucket) + "/" + prefix + "*";
    private string Runtime(string kind) => scope.SageMakerArn(kind, names.RuntimePrefix + "*");
    private string EndpointArn => scope.SageMakerArn("endpoint", names.Endpoint);

    private PolicyStatement Logs(string function) => new("Logs",
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [scope.LogGroupArn(StackNames.FunctionLogGroup(function)) + ":*"]);

    private PolicyStatement PassSageMakerRole() => new("PassSageMakerRole",
        ["iam:PassRole"], [scope.RoleArn(names.SageMakerRole)],
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = [SageMakerPrincipal] },
        });

    private PolicyStatement ReportsAndJobRecords() => new("ReportsAndJobRecords",
        ["s3:GetObject", "s3:PutObject"], [Objects(BucketLayout.ReportsPrefix), Objects(BucketLayout.JobsPrefix)]);

    /// <summary>A worker near its deadline continues in a fresh asynchronous invocation of itself.</summary>
    private PolicyStatement ContinueItself(string function) => new("ContinueItself", ["lambda:InvokeFunction"], [scope.FunctionArn(function)]);

    /// <summary>
    /// Who may assume a role: the one service, and only on behalf of this account (aws:SourceAccount); SageMaker also
    /// only for its resources in this region (aws:SourceArn), as its confused-deputy guidance says. Lambda documents
    /// no source ARN for assuming an execution role, and a condition on a key that is absent would refuse it.
    /// </summary>
    public PolicyDocument TrustFor(string servicePrincipal) => new(
    [
        new PolicyStatement("AssumeRole", ["sts:AssumeRole"], [],
            servicePrincipal == SageMakerPrincipal
                ? PolicyDocument.When(("StringEquals", "aws:SourceAccount", [scope.AccountId]), ("ArnLike", "aws:SourceArn", [scope.Arn("sagemaker", "*")]))
                : PolicyDocument.When(("StringEquals", "aws:SourceAccount", [scope.AccountId])),
            Principal: servicePrincipal),
    ]);

    /// <summary>SageMaker may start this kind of instance only (a condition on every creating call).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> OnlyInstanceType(string instanceType) =>
        PolicyDocument.When(("ForAllValues:StringEquals", "sagemaker:InstanceTypes", [instanceType]), ("Null", "sagemaker:InstanceTypes", ["false"]));

    /// <summary>The bucket's own policy: nothing reaches it without TLS.</summary>
    public PolicyDocument BucketTlsOnly() => new(
    [
        new("DenyInsecureTransport", ["s3:*"], [scope.BucketArn(bucket), scope.BucketArn(bucket) + "/*"],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["Bool"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SecureTransport"] = ["false"] },
            },
            Effect: "Deny", Principal: "*"),
    ]);

    /// <summary>
    /// The functions repository's own policy: Lambda pulls the image only for this stack's functions. Without it
    /// Lambda would try to add such a statement itself at CreateFunction, outside the program's state.
    /// </summary>
    public PolicyDocument FunctionsRepositoryPull() => new(
    [
        new("LambdaPullsTheStacksFunctions", ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], [],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["ArnLike"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceArn"] = [scope.FunctionArn(names.Stem + "-*")] },
            },
            Principal: LambdaPrincipal),
    ]);

    /// <summary>The worker that ingests a CSV and starts a training job.</summary>
    public PolicyDocument StartWorker() => new(
    [
        new("ReadUploads", ["s3:GetObject"], [Objects("")]),
        new("ListBucket", ["s3:ListBucket"], [scope.BucketArn(bucket)]),
        new("WriteImagesTrainingSetsReportsJobRecords", ["s3:PutObject"],
            [Objects(BucketLayout.ImagesPrefix), Objects(BucketLayout.TrainingPrefix), Objects(BucketLayout.ReportsPrefix), Objects(BucketLayout.JobsPrefix)]),
        new("TrainingData", ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"], [scope.TableArn(names.Table)]),
        // Rekognition's image operations accept no resource-level scope.
        new("AnalyseImages", ["rekognition:DetectLabels", "rekognition:DetectText"], ["*"]),
        new("StartTraining", ["sagemaker:CreateTrainingJob"], [Runtime("training-job")], OnlyInstanceType(settings.TrainingInstanceType)),
        new("DescribeAndTagTraining", ["sagemaker:DescribeTrainingJob", "sagemaker:AddTags"], [Runtime("training-job")]),
        PassSageMakerRole(),
        ContinueItself(names.StartFunction),
        // Lambda delivers an event the worker gave up on to the end worker with this role (StartWorkerFailures).
        new("FailuresToEndWorker", ["lambda:InvokeFunction"], [scope.FunctionArn(names.EndFunction)]),
        Logs(names.StartFunction),
    ]);

    /// <summary>The worker that deploys a finished job's model to the stack's endpoint.</summary>
    public PolicyDocument EndWorker() => new(
    [
        new("ReadJobs", ["sagemaker:DescribeTrainingJob"], [Runtime("training-job")]),
        new("Deploy", ["sagemaker:CreateModel", "sagemaker:DescribeEndpointConfig", "sagemaker:AddTags"], [Runtime("model"), Runtime("endpoint-config")]),
        new("EndpointConfig", ["sagemaker:CreateEndpointConfig"], [Runtime("endpoint-config")], OnlyInstanceType(settings.EndpointInstanceType)),
        new("Endpoint", ["sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:DescribeEndpoint", "sagemaker:AddTags"],
            [EndpointArn, Runtime("endpoint-config")]),
        PassSageMakerRole(),
        ReportsAndJobRecords(),
        ContinueItself(names.EndFunction),
        Logs(names.EndFunction),
    ]);

    /// <summary>Runs on <c>pulumi destroy</c>: removes what the workers created at run time.</summary>
    public PolicyDocument Teardown() => new(
    [
        new("DeleteEndpoint", ["sagemaker:DescribeEndpoint", "sagemaker:DeleteEndpoint"], [EndpointArn]),
        new("DeleteRuntimeResources",
            ["sagemaker:DeleteEndpointConfig", "sagemaker:DeleteModel", "sagemaker:StopTrainingJob", "sagemaker:DescribeTrainingJob"],
            [Runtime("endpoint-config"), Runtime("model"), Runtime("training-job")]),
        // List operations accept no resource scope; the handler filters by the stack's prefix.
        new("ListRuntimeResources", ["sagemaker:ListEndpoints", "sagemaker:ListEndpointConfigs", "sagemaker:ListModels", "sagemaker:ListTrainingJobs"], ["*"]),
        Logs(names.TeardownFunction),
    ]);

    /// <summary>The role SageMaker's training jobs and endpoint run as.</summary>
    public PolicyDocument SageMakerExecution() => new(
    [
        new("ReadTrainingInput", ["s3:GetObject"],
            [Objects(BucketLayout.TrainingPrefix), Objects(BucketLayout.ImagesPrefix), Objects(BucketLayout.OutputPrefix), Objects(BucketLayout.CheckpointsPrefix)]),
        new("ListTrainingInput", ["s3:ListBucket"], [scope.BucketArn(bucket)],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["StringLike"] = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["s3:prefix"] =
                    [
                        BucketLayout.TrainingPrefix + "*", BucketLayout.ImagesPrefix + "*", BucketLayout.OutputPrefix + "*",
                        BucketLayout.CheckpointsPrefix + "*",
                    ],
                },
            }),
        new("WriteModelsAndCheckpoints", ["s3:PutObject"], [Objects(BucketLayout.OutputPrefix), Objects(BucketLayout.CheckpointsPrefix)]),
        new("PullTrainerImage", ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            [scope.RepositoryArn(names.TrainerRepository)]),
        // Registry login has no resource scope.
        new("RegistryLogin", ["ecr:GetAuthorizationToken"], ["*"]),
        new("Logs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            [scope.LogGroupArn("/aws/sagemaker/TrainingJobs") + ":*", scope.LogGroupArn("/aws/sagemaker/Endpoints/" + names.Endpoint) + ":*"]),
        // Metric publishing has no resource scope; the namespace condition narrows it to SageMaker's.
        new("Metrics", ["cloudwatch:PutMetricData"], ["*"],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["StringLike"] = new Dictionary<string, IReadOnlyList<string>> { ["cloudwatch:namespace"] = ["/aws/sagemaker/*"] },
            }),
    ]);
}
