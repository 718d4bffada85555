using System.Text.Json.Nodes;

namespace Ogiri.Infra;

/// <summary>
/// The one EventBridge rule of the stack: SageMaker training jobs of this stack (by name prefix) that
/// reached Completed, Failed or Stopped go to the end worker. (The original made a rule per job.)
/// </summary>
public static class TrainingJobEvents
{
    public const string Source = "aws.sagemaker";
    public const string DetailType = "SageMaker Training Job State Change";
    public static readonly IReadOnlyList<string> FinalStatuses = ["Completed", "Failed", "Stopped"];

    public static string Pattern(StackNames names) => new JsonObject
    {
        ["source"] = new JsonArray(Source),
        ["detail-type"] = new JsonArray(DetailType),
        ["detail"] = new JsonObject
        {
            ["TrainingJobName"] = new JsonArray(new JsonObject { ["prefix"] = names.RuntimePrefix }),
            ["TrainingJobStatus"] = new JsonArray([.. FinalStatuses.Select(s => (JsonNode)JsonValue.Create(s)!)]),
        },
    }.ToJsonString();
}

/// <summary>The bucket notification: every object created whose key ends in <c>.csv</c> goes to the start worker.</summary>
public static class CsvUploadNotification
{
    public static readonly IReadOnlyList<string> Events = ["s3:ObjectCreated:*"];
    public static string FilterSuffix => Ogiri.Contracts.BucketLayout.CsvSuffix;
}

/// <summary>
/// What Lambda does with an upload event the start worker keeps failing on: two retries (Lambda's default), then the
/// event goes to the end worker, which writes the reason into the upload's report. Nothing is dropped silently.
/// </summary>
public static class StartWorkerFailures
{
    public const int MaximumRetryAttempts = 2;

    /// <summary>Six hours, Lambda's maximum: an event waiting behind throttling is still tried.</summary>
    public const int MaximumEventAgeInSeconds = 6 * 60 * 60;
}

/// <summary>ECR keeps the newest images only; older ones expire so repositories don't grow forever.</summary>
public static class RepositoryLifecycle
{
    public static string Policy(int keepImages) => new JsonObject
    {
        ["rules"] = new JsonArray(new JsonObject
        {
            ["rulePriority"] = 1,
            ["description"] = $"keep the newest {keepImages} images",
            ["selection"] = new JsonObject
            {
                ["tagStatus"] = "any",
                ["countType"] = "imageCountMoreThan",
                ["countNumber"] = keepImages,
            },
            ["action"] = new JsonObject { ["type"] = "expire" },
        }),
    }.ToJsonString();
}
