namespace Ogiri.Contracts;

/// <summary>
/// The environment the Lambda functions read: the one list of variable names, shared by the functions
/// (which read them) and the infrastructure (which sets them).
/// </summary>
public static class FunctionEnvironment
{
    /// <summary>The stack's bucket: uploads, images, training sets, artifacts, reports.</summary>
    public const string Bucket = "OGIRI_BUCKET";

    /// <summary>The training-data table's name (<see cref="TrainingTableSchema.TableName"/> unless a stack says otherwise).</summary>
    public const string Table = "OGIRI_TABLE";

    /// <summary>Prefix of every SageMaker resource this stack creates at run time; see <see cref="ResourceNames"/>.</summary>
    public const string ResourcePrefix = "OGIRI_RESOURCE_PREFIX";

    /// <summary>The stack's name, written as the <see cref="ResourceNames.StackTag"/> tag on what the functions create.</summary>
    public const string Stack = "OGIRI_STACK";

    /// <summary>The trainer image (by digest) for training jobs and the endpoint.</summary>
    public const string TrainerImage = "OGIRI_TRAINER_IMAGE";

    /// <summary>The role SageMaker assumes for training jobs and models.</summary>
    public const string SageMakerRoleArn = "OGIRI_SAGEMAKER_ROLE_ARN";

    public const string TrainingInstanceType = "OGIRI_TRAINING_INSTANCE_TYPE";
    public const string TrainingMaxSeconds = "OGIRI_TRAINING_MAX_SECONDS";
    public const string TrainingEpochs = "OGIRI_TRAINING_EPOCHS";
    public const string EndpointInstanceType = "OGIRI_ENDPOINT_INSTANCE_TYPE";

    /// <summary><c>true</c>: training jobs run on spare capacity (managed spot), resuming from their checkpoints.</summary>
    public const string TrainingManagedSpot = "OGIRI_TRAINING_MANAGED_SPOT";

    /// <summary>Seconds before the invocation's deadline at which the worker saves its place and continues in a fresh invocation.</summary>
    public const string DeadlineMarginSeconds = "OGIRI_DEADLINE_MARGIN_SECONDS";

    /// <summary>Rows registered between two looks at the deadline.</summary>
    public const string BatchRows = "OGIRI_BATCH_ROWS";

    /// <summary>Rows fetched and analysed at once.</summary>
    public const string Concurrency = "OGIRI_CONCURRENCY";

    /// <summary>Seconds between two looks at an endpoint that is still creating or updating.</summary>
    public const string EndpointPollSeconds = "OGIRI_ENDPOINT_POLL_SECONDS";

    /// <summary>Service endpoint overrides (S3-compatible stores, tests); unset means the region's AWS endpoint.</summary>
    public const string S3Endpoint = "OGIRI_S3_ENDPOINT";
    public const string DynamoDbEndpoint = "OGIRI_DYNAMODB_ENDPOINT";
    public const string RekognitionEndpoint = "OGIRI_REKOGNITION_ENDPOINT";
    public const string SageMakerEndpoint = "OGIRI_SAGEMAKER_ENDPOINT";
    public const string LambdaEndpoint = "OGIRI_LAMBDA_ENDPOINT";

    /// <summary>Set by Lambda itself.</summary>
    public const string Region = "AWS_REGION";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string Handler = "_HANDLER";
    public const string TraceId = "_X_AMZN_TRACE_ID";
}

/// <summary>The handlers of the one function image; the function's command (or <c>_HANDLER</c>) names one.</summary>
public static class FunctionHandlers
{
    public const string StartTrainingJob = "start-training-job";
    public const string EndTrainingJob = "end-training-job";
    public const string Teardown = "teardown";

    public static IReadOnlyList<string> All { get; } = [StartTrainingJob, EndTrainingJob, Teardown];
}
