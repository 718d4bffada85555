using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Aws.Json;

/// <summary>The facts of one JSON-protocol service, as its service model states them.</summary>
public sealed record AwsJsonService(string TargetPrefix, string SigningName, string EndpointPrefix, string JsonVersion = "1.1")
{
    public static readonly AwsJsonService Rekognition = new("RekognitionService", "rekognition", "rekognition");
    public static readonly AwsJsonService SageMaker = new("SageMaker", "sagemaker", "api.sagemaker");
}

/// <summary>An error answer of an AWS service: its type (e.g. <c>ValidationException</c>) and message.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorType, string message, HttpStatusCode status)
        : base($"{errorType}: {message}")
    {
        ErrorType = errorType;
        Status = status;
    }

    public AwsServiceException() { ErrorType = ""; }
    public AwsServiceException(string message) : base(message) { ErrorType = ""; }
    public AwsServiceException(string message, Exception inner) : base(message, inner) { ErrorType = ""; }

    public string ErrorType { get; }
    public HttpStatusCode Status { get; }

    public bool IsThrottling => ErrorType is "ThrottlingException" or "ProvisionedThroughputExceededException" or "LimitExceededException"
        || Status is HttpStatusCode.TooManyRequests;
}

/// <summary>
/// AWS's JSON 1.1 protocol: POST / with <c>X-Amz-Target: Prefix.Operation</c> and a JSON body, SigV4-signed.
/// Typed requests and responses are plain records; absent members are left out of the body.
/// </summary>
public sealed class AwsJsonClient(AwsJsonService service, Uri endpoint, HttpClient http) : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly MediaTypeHeaderValue contentType = new($"application/x-amz-json-{service.JsonVersion}");

    public AwsJsonService Service => service;

    public async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        return await Backoff.Default.RunAsync(async () =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = contentType;
            message.Headers.Add("X-Amz-Target", $"{service.TargetPrefix}.{operation}");
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) throw Error(response.StatusCode, text, operation);
            return JsonSerializer.Deserialize<TResponse>(text.Length == 0 ? "{}" : text, Json)
                ?? throw new InvalidDataException($"{service.TargetPrefix}.{operation}: empty answer");
        }, e => e is AwsServiceException { IsThrottling: true } or AwsServiceException { Status: >= HttpStatusCode.InternalServerError },
        cancellationToken);
    }

    /// <summary>The JSON protocol's error body: <c>{"__type": "ns#Type", "message": "..."}</c> (or "Message").</summary>
    private static AwsServiceException Error(HttpStatusCode status, string text, string operation)
    {
        string type = "UnknownError", message = text;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("__type", out var t) && t.GetString() is { } typeName) type = typeName[(typeName.LastIndexOf('#') + 1)..];
            if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m)) message = m.GetString() ?? "";
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): keep the raw text as the message.
        }
        return new AwsServiceException(type, $"{operation}: {message}", status);
    }

    public void Dispose() => http.Dispose();
}
