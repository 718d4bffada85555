using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Lambda.Events;

/// <summary>An object to ingest: from an S3 notification, or the manual <c>{"bucket", "key"}</c> event.</summary>
public sealed record UploadedObject(string Bucket, string Key)
{
    /// <summary>The manual event for this object; also what a worker sends itself to continue.</summary>
    public byte[] ToManualEvent() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["bucket"] = Bucket, ["key"] = Key });
}

/// <summary>Lambda's record of an asynchronous invocation that failed for good (an on-failure destination's event).</summary>
public sealed record FailedInvocation(ReadOnlyMemory<byte> RequestPayload, string Reason);

/// <summary>Reads the events the functions receive; anything else is refused with what was expected.</summary>
public static class FunctionEvents
{
    /// <summary>
    /// S3 ObjectCreated records (keys arrive form-encoded: "a b.csv" as "a+b.csv"), or the manual event.
    /// S3's <c>s3:TestEvent</c> and records of other event kinds give nothing.
    /// </summary>
    public static IReadOnlyList<UploadedObject> Uploads(ReadOnlyMemory<byte> payload)
    {
        var root = Parse(payload);
        if (root["Event"]?.GetValue<string>() == "s3:TestEvent") return [];
        if (root["Records"] is JsonArray records)
        {
            return [.. records
                .Where(r => r?["eventName"]?.GetValue<string>() is { } name && name.StartsWith("ObjectCreated:", StringComparison.Ordinal))
                .Select(r => new UploadedObject(
                    Text(r!["s3"]?["bucket"]?["name"], "Records[].s3.bucket.name"),
                    WebUtility.UrlDecode(Text(r["s3"]?["object"]?["key"], "Records[].s3.object.key"))))];
        }
        if (root["bucket"] is not null || root["key"] is not null)
            return [new UploadedObject(Text(root["bucket"], "bucket"), Text(root["key"], "key"))];
        throw new InvalidDataException("expected an S3 notification (Records) or a manual event {\"bucket\": ..., \"key\": ...}");
    }

    /// <summary>
    /// The on-failure destination's record (<c>requestContext.condition</c>, <c>requestPayload</c>, <c>responsePayload</c>),
    /// or null for any other event.
    /// </summary>
    public static FailedInvocation? FailedInvocationOf(ReadOnlyMemory<byte> payload)
    {
        var root = Parse(payload);
        if (root["requestContext"]?["condition"] is not { } condition || root["requestPayload"] is not JsonObject request) return null;
        var error = root["responsePayload"] as JsonObject;
        var what = error is null ? "no error was returned"
            : $"{error["errorType"]?.GetValue<string>() ?? "error"}: {error["errorMessage"]?.GetValue<string>() ?? ""}";
        var attempts = root["requestContext"]?["approximateInvokeCount"]?.GetValue<int>();
        return new FailedInvocation(JsonSerializer.SerializeToUtf8Bytes(request),
            $"{what} ({condition.GetValue<string>()}{(attempts is { } n ? $" after {n} attempts" : "")})");
    }

    /// <summary>EventBridge's "SageMaker Training Job State Change".</summary>
    public static TrainingJobEnded TrainingJobStateChange(ReadOnlyMemory<byte> payload)
    {
        var root = Parse(payload);
        var detail = root["detail"] as JsonObject
            ?? throw new InvalidDataException("expected an EventBridge event with a \"detail\" object");
        var status = Text(detail["TrainingJobStatus"], "detail.TrainingJobStatus");
        return new TrainingJobEnded(
            Text(detail["TrainingJobName"], "detail.TrainingJobName"),
            Enum.TryParse<TrainingJobStatus>(status, out var s) ? s : throw new InvalidDataException($"detail.TrainingJobStatus '{status}' is not a training job status"),
            detail["FailureReason"]?.GetValue<string>());
    }

    /// <summary>
    /// The teardown's event: a Pulumi/Terraform Lambda invocation carries <c>tf.action</c> (create, update,
    /// delete) and only delete removes anything; a plain invocation without it removes too.
    /// </summary>
    public static bool IsTeardownRequested(ReadOnlyMemory<byte> payload)
    {
        var root = payload.IsEmpty ? new JsonObject() : Parse(payload);
        return root["tf"]?["action"]?.GetValue<string>() is not { } action || action == "delete";
    }

    private static JsonObject Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonNode.Parse(payload.Span) as JsonObject ?? throw new InvalidDataException("the event is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the event is not JSON: {e.Message}", e);
        }
    }

    private static string Text(JsonNode? node, string path) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new InvalidDataException($"the event has no string at {path}");
}
