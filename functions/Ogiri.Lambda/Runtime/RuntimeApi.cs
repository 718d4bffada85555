using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Lambda.Runtime;

/// <summary>One event to handle, with what the Runtime API says about it.</summary>
/// <param name="Deadline">When Lambda stops the invocation (from Lambda-Runtime-Deadline-Ms).</param>
public sealed record Invocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, ReadOnlyMemory<byte> Payload);

/// <summary>The body Lambda expects for an invocation or init error.</summary>
public sealed record LambdaError(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static LambdaError From(Exception e) => new(e.Message, e.GetType().Name,
        (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Lambda's Runtime API, as the loop needs it.</summary>
public interface IRuntimeApi
{
    Task<Invocation> NextAsync(CancellationToken cancellationToken);
    Task RespondAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken);
    Task ReportErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken);
    Task ReportInitErrorAsync(LambdaError failure, CancellationToken cancellationToken);
}

/// <summary>The Runtime API over HTTP at <c>$AWS_LAMBDA_RUNTIME_API</c> (host:port), version 2018-06-01.</summary>
public sealed class RuntimeApiClient(HttpClient http, string runtimeApi) : IRuntimeApi
{
    private readonly Uri root = new($"http://{runtimeApi}/2018-06-01/runtime/");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        // Long poll: Lambda answers when an event arrives, so no timeout applies here.
        using var response = await http.GetAsync(new Uri(root, "invocation/next"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var id = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidDataException("the Runtime API sent an event without Lambda-Runtime-Aws-Request-Id");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new InvalidDataException("the Runtime API sent an event without a valid Lambda-Runtime-Deadline-Ms");
        return new Invocation(id, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), payload);
    }

    public async Task RespondAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = Json;
        using var answer = await http.PostAsync(new Uri(root, $"invocation/{Uri.EscapeDataString(requestId)}/response"), content, cancellationToken);
        if (answer.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            await ReportErrorAsync(requestId, new LambdaError($"the response of {response.Length} bytes is too large", "ResponseTooLarge", []), cancellationToken);
            return;
        }
        answer.EnsureSuccessStatusCode();
    }

    public Task ReportErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken) =>
        PostErrorAsync(new Uri(root, $"invocation/{Uri.EscapeDataString(requestId)}/error"), failure, cancellationToken);

    public Task ReportInitErrorAsync(LambdaError failure, CancellationToken cancellationToken) =>
        PostErrorAsync(new Uri(root, "init/error"), failure, cancellationToken);

    private async Task PostErrorAsync(Uri uri, LambdaError failure, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(failure));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", failure.ErrorType);
        using var answer = await http.SendAsync(request, cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
