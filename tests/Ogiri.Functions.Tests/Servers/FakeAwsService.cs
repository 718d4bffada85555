using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>One request to a faked AWS API, after it passed the checks.</summary>
public sealed record AwsCall(string Service, string Operation, JsonNode Body);

/// <summary>A faked AWS API's answer: a status and a JSON body (AWS's error shape for errors).</summary>
public sealed record FakeAnswer(int Status, JsonNode? Body)
{
    public static FakeAnswer Ok(JsonNode? body = null) => new(200, body ?? new JsonObject());
    public static FakeAnswer Error(string type, string message, int status = 400) =>
        new(status, new JsonObject { ["__type"] = type, ["message"] = message });
}

/// <summary>
/// Stands in for Rekognition, SageMaker and Lambda's Invoke on 127.0.0.1. Every request must carry a
/// SigV4 signature equal to the official signer's for the same request, the protocol headers its service
/// model states, and a body the model accepts; anything else is refused and listed in <see cref="Violations"/>.
/// </summary>
public sealed partial class FakeAwsService : IAsyncDisposable
{
    private static readonly Dictionary<string, string> ModelsByTargetPrefix = new()
    {
        ["SageMaker"] = "sagemaker-2017-07-24",
        ["RekognitionService"] = "rekognition-2016-06-27",
    };
    private const string LambdaModel = "lambda-2015-03-31";

    private readonly OracleFixture oracle;
    private readonly Func<AwsCall, FakeAnswer> respond;
    private readonly ConcurrentDictionary<string, JsonObject> models = new();
    private LoopbackServer? server;

    private FakeAwsService(OracleFixture oracle, Func<AwsCall, FakeAnswer> respond)
    {
        this.oracle = oracle;
        this.respond = respond;
    }

    public Uri Endpoint => server!.Endpoint;
    public ConcurrentQueue<AwsCall> Calls { get; } = new();
    public ConcurrentQueue<string> Violations { get; } = new();

    public IEnumerable<AwsCall> CallsOf(string operation) => Calls.Where(c => c.Operation == operation);

    public static async Task<FakeAwsService> StartAsync(OracleFixture oracle, Func<AwsCall, FakeAnswer> respond)
    {
        var fake = new FakeAwsService(oracle, respond);
        fake.server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        var (model, operation, parameters, problem) = await IdentifyAsync(request, headers, body);
        problem ??= await CheckSignatureAsync(request, headers, body, model);
        if (problem is null)
        {
            var errors = await oracle.ValidateAsync(model, operation, parameters);
            if (errors.Count > 0) problem = $"{operation}: the service model refuses the request: {string.Join("; ", errors)}";
        }

        FakeAnswer answer;
        if (problem is not null)
        {
            Violations.Enqueue(problem);
            answer = FakeAnswer.Error("ValidationException", problem);
        }
        else
        {
            var call = new AwsCall(model, operation, parameters ?? new JsonObject());
            Calls.Enqueue(call);
            answer = respond(call);
        }
        context.Response.StatusCode = answer.Status == 200 && model == LambdaModel ? 202 : answer.Status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer.Body?.ToJsonString() ?? "");
    }

    private async Task<(string Model, string Operation, JsonNode? Parameters, string? Problem)> IdentifyAsync(
        HttpRequest request, Dictionary<string, string> headers, byte[] body)
    {
        if (LambdaInvoke().Match(request.Path.Value ?? "") is { Success: true } invoke)
        {
            var parameters = new JsonObject
            {
                ["FunctionName"] = Uri.UnescapeDataString(invoke.Groups[1].Value),
                ["Payload"] = Encoding.UTF8.GetString(body),
            };
            if (headers.TryGetValue("X-Amz-Invocation-Type", out var type)) parameters["InvocationType"] = type;
            return (LambdaModel, "Invoke", parameters, request.Method == "POST" ? null : "Invoke must be a POST");
        }
        if (!headers.TryGetValue("X-Amz-Target", out var target) || target.Split('.') is not [var prefix, var operation]
            || !ModelsByTargetPrefix.TryGetValue(prefix, out var model))
            return ("", "", null, $"unknown request {request.Method} {request.Path} (X-Amz-Target '{headers.GetValueOrDefault("X-Amz-Target")}')");

        var description = await DescribeAsync(model);
        if (description["operations"]?[operation] is null) return (model, operation, null, $"{model} has no operation {operation}");
        var contentType = $"application/x-amz-json-{description["jsonVersion"]}";
        if (headers.GetValueOrDefault("Content-Type") != contentType)
            return (model, operation, null, $"{operation}: Content-Type '{headers.GetValueOrDefault("Content-Type")}', expected '{contentType}'");
        if (request.Method != "POST" || request.Path != "/") return (model, operation, null, $"{operation}: expected POST /");
        try
        {
            return (model, operation, JsonNode.Parse(body), null);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (model, operation, null, $"{operation}: the body is not JSON: {e.Message}");
        }
    }

    private async Task<string?> CheckSignatureAsync(HttpRequest request, Dictionary<string, string> headers, byte[] body, string model)
    {
        if (!headers.TryGetValue("Authorization", out var authorization) || AuthorizationHeader().Match(authorization) is not { Success: true } auth)
            return $"unsigned request to {model}";
        var (accessKey, region, service) = (auth.Groups["key"].Value, auth.Groups["region"].Value, auth.Groups["service"].Value);
        var signingName = (await DescribeAsync(model))["signingName"]!.GetValue<string>();
        if (service != signingName) return $"signed for service '{service}', the model says '{signingName}'";
        if (accessKey != S3rverFixture.Credentials.GetCredentials().AccessKey) return $"unknown access key {accessKey}";
        if (!headers.TryGetValue("X-Amz-Date", out var date)
            || !DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            return "no valid X-Amz-Date";

        var url = new Uri($"http://{request.Host}{request.Path}{request.QueryString}");
        var expected = await oracle.SignAsync(request.Method, url, headers, body, accessKey,
            S3rverFixture.Credentials.GetCredentials().SecretKey, region, service, signedAt, auth.Groups["signed"].Value.Split(';'));
        return expected == authorization ? null : $"signature differs from the official signer's:\n  sent     {authorization}\n  expected {expected}";
    }

    private async Task<JsonObject> DescribeAsync(string model)
    {
        if (models.TryGetValue(model, out var known)) return known;
        var description = await oracle.DescribeAsync(model);
        models[model] = description;
        return description;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }

    [GeneratedRegex(@"^/2015-03-31/functions/([^/]+)/invocations$")]
    private static partial Regex LambdaInvoke();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[^,]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationHeader();
}
