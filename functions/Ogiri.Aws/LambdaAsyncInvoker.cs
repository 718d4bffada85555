namespace Ogiri.Aws;

/// <summary>
/// Lambda's Invoke with InvocationType Event: hands an event to a function for a fresh, asynchronous
/// invocation (202 Accepted). Used by a worker to continue its own work before its deadline.
/// </summary>
public sealed class LambdaAsyncInvoker(HttpClient signedHttp, Uri endpoint, string functionName)
{
    public const string SigningName = "lambda";
    public const string EndpointPrefix = "lambda";

    public async Task InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint, $"2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(payload) };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        using var response = await signedHttp.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"Invoke {functionName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }
}
