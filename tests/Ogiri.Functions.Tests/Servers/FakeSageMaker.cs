using System.Text.Json.Nodes;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>
/// SageMaker's and Rekognition's behaviour as the documentation describes it, enough for the handlers:
/// unique job names, existing models/configs/endpoints refused with ValidationException, only an InService
/// endpoint updatable. Answers are shaped like the documentation's examples.
/// </summary>
public sealed class FakeSageMaker
{
    private const string Account = "arn:aws:sagemaker:us-east-1:111122223333";
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Status, string? Failure, JsonNode Request)> jobs = [];
    private readonly HashSet<string> models = [], configs = [];

    public sealed record Endpoint(string Config, string Status, int BusyDescribes);

    public Dictionary<string, Endpoint> Endpoints { get; } = [];

    /// <summary>How many DescribeEndpoint answers an endpoint stays Creating/Updating after a change.</summary>
    public int BusyDescribesAfterChange { get; set; }

    public IReadOnlyCollection<string> Jobs { get { lock (gate) return [.. jobs.Keys]; } }

    public IReadOnlyCollection<string> Models { get { lock (gate) return [.. models]; } }
    public IReadOnlyCollection<string> Configs { get { lock (gate) return [.. configs]; } }

    public void Finish(string job, string status, string? failure = null)
    {
        lock (gate) jobs[job] = (status, failure, jobs[job].Request);
    }

    public void Seed(string job, string status)
    {
        lock (gate) jobs[job] = (status, null, new JsonObject());
    }

    public void SeedHosting(IEnumerable<string> modelNames, IEnumerable<string> configNames)
    {
        lock (gate)
        {
            models.UnionWith(modelNames);
            configs.UnionWith(configNames);
        }
    }

    /// <summary>An answer of Rekognition's own for some calls (an error for one image); null falls back to the usual one.</summary>
    public Func<AwsCall, FakeAnswer?>? RekognitionAnswer { get; set; }

    public FakeAnswer Answer(AwsCall call)
    {
        lock (gate)
        {
            return call.Service.StartsWith("rekognition", StringComparison.Ordinal)
                ? RekognitionAnswer?.Invoke(call) ?? Rekognition(call)
                : SageMaker(call);
        }
    }

    private static FakeAnswer Rekognition(AwsCall call) => call.Operation switch
    {
        "DetectLabels" => FakeAnswer.Ok(JsonNode.Parse("""
            {"Labels":[{"Name":"Cat","Confidence":97.125,"Instances":[],"Parents":[{"Name":"Animal"}],"Categories":[{"Name":"Animals and Pets"}]},
                       {"Name":"Signboard","Confidence":61.5,"Instances":[],"Parents":[]}],"LabelModelVersion":"3.0"}
            """)),
        "DetectText" => FakeAnswer.Ok(JsonNode.Parse("""
            {"TextDetections":[{"DetectedText":"本日 OPEN","Type":"LINE","Id":0,"Confidence":98.7,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.1,"Left":0.1,"Top":0.1}}},
                               {"DetectedText":"本日","Type":"WORD","Id":1,"ParentId":0,"Confidence":98.7}],"TextModelVersion":"3.0"}
            """)),
        _ => FakeAnswer.Error("AccessDeniedException", $"{call.Operation} is not used by this product"),
    };

    private FakeAnswer SageMaker(AwsCall call)
    {
        var body = call.Body;
        string S(string name) => body[name]!.GetValue<string>();
        switch (call.Operation)
        {
            case "CreateTrainingJob":
                if (jobs.ContainsKey(S("TrainingJobName")))
                    return FakeAnswer.Error("ResourceInUse", $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({Account}:training-job/{S("TrainingJobName")})");
                jobs[S("TrainingJobName")] = ("InProgress", null, body);
                return FakeAnswer.Ok(new JsonObject { ["TrainingJobArn"] = $"{Account}:training-job/{S("TrainingJobName")}" });
            case "DescribeTrainingJob":
                if (!jobs.TryGetValue(S("TrainingJobName"), out var job))
                    return FakeAnswer.Error("ResourceNotFound", $"Requested resource not found.");
                var described = new JsonObject
                {
                    ["TrainingJobName"] = S("TrainingJobName"),
                    ["TrainingJobArn"] = $"{Account}:training-job/{S("TrainingJobName")}",
                    ["TrainingJobStatus"] = job.Status,
                    ["SecondaryStatus"] = job.Status == "Completed" ? "Completed" : "Training",
                    ["CreationTime"] = 1735689600.123,
                };
                if (job.Failure is not null) described["FailureReason"] = job.Failure;
                if (job.Status == "Completed")
                    described["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = $"s3://bucket/output/{S("TrainingJobName")}/output/model.tar.gz" };
                return FakeAnswer.Ok(described);
            case "CreateModel":
                return models.Add(S("ModelName"))
                    ? FakeAnswer.Ok(new JsonObject { ["ModelArn"] = $"{Account}:model/{S("ModelName")}" })
                    : FakeAnswer.Error("ValidationException", $"Cannot create already existing model \"{Account}:model/{S("ModelName")}\".");
            case "CreateEndpointConfig":
                return configs.Add(S("EndpointConfigName"))
                    ? FakeAnswer.Ok(new JsonObject { ["EndpointConfigArn"] = $"{Account}:endpoint-config/{S("EndpointConfigName")}" })
                    : FakeAnswer.Error("ValidationException", $"Cannot create already existing endpoint configuration \"{Account}:endpoint-config/{S("EndpointConfigName")}\".");
            case "CreateEndpoint":
                if (Endpoints.ContainsKey(S("EndpointName")))
                    return FakeAnswer.Error("ValidationException", $"Cannot create already existing endpoint \"{Account}:endpoint/{S("EndpointName")}\".");
                if (!configs.Contains(S("EndpointConfigName")))
                    return FakeAnswer.Error("ValidationException", $"Could not find endpoint configuration \"{S("EndpointConfigName")}\".");
                Endpoints[S("EndpointName")] = new Endpoint(S("EndpointConfigName"), "Creating", BusyDescribesAfterChange);
                return FakeAnswer.Ok(new JsonObject { ["EndpointArn"] = $"{Account}:endpoint/{S("EndpointName")}" });
            case "UpdateEndpoint":
                if (!Endpoints.TryGetValue(S("EndpointName"), out var current))
                    return FakeAnswer.Error("ValidationException", $"Could not find endpoint \"{S("EndpointName")}\".");
                if (current.Status != "InService")
                    return FakeAnswer.Error("ValidationException", $"Cannot update in-progress endpoint \"{Account}:endpoint/{S("EndpointName")}\".");
                Endpoints[S("EndpointName")] = new Endpoint(S("EndpointConfigName"), "Updating", BusyDescribesAfterChange);
                return FakeAnswer.Ok(new JsonObject { ["EndpointArn"] = $"{Account}:endpoint/{S("EndpointName")}" });
            case "DescribeEndpoint":
                if (!Endpoints.TryGetValue(S("EndpointName"), out var endpoint))
                    return FakeAnswer.Error("ValidationException", $"Could not find endpoint \"{Account}:endpoint/{S("EndpointName")}\".");
                var status = endpoint.BusyDescribes > 0 ? endpoint.Status : endpoint.Status is "Creating" or "Updating" ? "InService" : endpoint.Status;
                Endpoints[S("EndpointName")] = endpoint with { Status = status, BusyDescribes = Math.Max(0, endpoint.BusyDescribes - 1) };
                return FakeAnswer.Ok(new JsonObject
                {
                    ["EndpointName"] = S("EndpointName"),
                    ["EndpointArn"] = $"{Account}:endpoint/{S("EndpointName")}",
                    ["EndpointConfigName"] = endpoint.Config,
                    ["EndpointStatus"] = status,
                    ["CreationTime"] = 1735689600.5,
                    ["LastModifiedTime"] = 1735689900.5,
                });
            case "DeleteEndpoint":
                return Endpoints.Remove(S("EndpointName")) ? FakeAnswer.Ok() : FakeAnswer.Error("ValidationException", $"Could not find endpoint \"{S("EndpointName")}\".");
            case "DeleteEndpointConfig":
                return configs.Remove(S("EndpointConfigName")) ? FakeAnswer.Ok() : FakeAnswer.Error("ValidationException", $"Could not find endpoint configuration \"{S("EndpointConfigName")}\".");
            case "DeleteModel":
                return models.Remove(S("ModelName")) ? FakeAnswer.Ok() : FakeAnswer.Error("ValidationException", $"Could not find model \"{S("ModelName")}\".");
            case "ListEndpoints":
                return List(body, Endpoints.Keys, "Endpoints", "EndpointName", "endpoint");
            case "ListEndpointConfigs":
                return List(body, configs, "EndpointConfigs", "EndpointConfigName", "endpoint-config");
            case "ListModels":
                return List(body, models, "Models", "ModelName", "model");
            case "ListTrainingJobs":
                return List(body, jobs.Where(j => j.Value.Status == S("StatusEquals")).Select(j => j.Key), "TrainingJobSummaries", "TrainingJobName", "training-job",
                    name => new JsonObject { ["TrainingJobStatus"] = jobs[name].Status });
            case "StopTrainingJob":
                if (!jobs.TryGetValue(S("TrainingJobName"), out var stopping))
                    return FakeAnswer.Error("ResourceNotFound", "Requested resource not found.");
                jobs[S("TrainingJobName")] = ("Stopping", null, stopping.Request);
                return FakeAnswer.Ok();
            default:
                return FakeAnswer.Error("AccessDeniedException", $"{call.Operation} is not used by this product");
        }
    }

    /// <summary>Pages of two, so callers must follow NextToken.</summary>
    private static FakeAnswer List(JsonNode body, IEnumerable<string> names, string member, string nameMember, string kind,
        Func<string, JsonObject>? more = null)
    {
        var matching = names.Where(n => n.Contains(body["NameContains"]?.GetValue<string>() ?? "", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var start = body["NextToken"] is { } token ? int.Parse(token.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = matching.Skip(start).Take(2).Select(n =>
        {
            var item = more?.Invoke(n) ?? [];
            item[nameMember] = n;
            item[nameMember.Replace("Name", "Arn", StringComparison.Ordinal)] = $"{Account}:{kind}/{n}";
            item["CreationTime"] = 1735689600.0;
            return (JsonNode)item;
        });
        var answer = new JsonObject { [member] = new JsonArray([.. page]) };
        if (start + 2 < matching.Count) answer["NextToken"] = (start + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return FakeAnswer.Ok(answer);
    }
}
