using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>
/// tests/node/oracle.js: AWS's own service models (npm aws-sdk v2's ParamValidator) and an official SigV4
/// signer (@smithy/signature-v4), asked one JSON line at a time.
/// </summary>
public sealed class OracleFixture : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private NodeProcess? oracle;
    private int nextId;

    public Task InitializeAsync()
    {
        oracle = NodeProcess.Start("oracle.js");
        return Task.CompletedTask;
    }

    public async Task<JsonObject> AskAsync(JsonObject request)
    {
        await gate.WaitAsync();
        try
        {
            request["id"] = ++nextId;
            await oracle!.Process.StandardInput.WriteLineAsync(request.ToJsonString());
            await oracle.Process.StandardInput.FlushAsync();
            var line = await oracle.Process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException("oracle.js exited: " + await oracle.Process.StandardError.ReadToEndAsync());
            var answer = JsonNode.Parse(line)!.AsObject();
            if (answer["failure"] is { } failure) throw new InvalidOperationException("oracle.js: " + failure);
            return answer;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The service model's complaints about <paramref name="parameters"/> as input of <paramref name="operation"/>; empty when valid.</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(string model, string operation, JsonNode? parameters)
    {
        var answer = await AskAsync(new JsonObject { ["kind"] = "validate", ["model"] = model, ["operation"] = operation, ["params"] = parameters?.DeepClone() ?? new JsonObject() });
        return [.. answer["errors"]!.AsArray().Select(e => e!.GetValue<string>())];
    }

    public Task<JsonObject> DescribeAsync(string model) => AskAsync(new JsonObject { ["kind"] = "describe", ["model"] = model });

    /// <summary>The Authorization header the official signer computes for the same request, time and signed headers.</summary>
    public async Task<string> SignAsync(string method, Uri url, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKey, string secretKey, string region, string service, DateTimeOffset signedAt, IEnumerable<string> signedHeaders)
    {
        var headerObject = new JsonObject();
        foreach (var (k, v) in headers) headerObject[k] = v;
        var answer = await AskAsync(new JsonObject
        {
            ["kind"] = "sign",
            ["request"] = new JsonObject { ["method"] = method, ["url"] = url.ToString(), ["headers"] = headerObject, ["bodyBase64"] = Convert.ToBase64String(body) },
            ["credentials"] = new JsonObject { ["accessKeyId"] = accessKey, ["secretAccessKey"] = secretKey },
            ["region"] = region,
            ["service"] = service,
            ["signedAt"] = signedAt.ToString("O"),
            ["signedHeaders"] = new JsonArray([.. signedHeaders.Select(h => (JsonNode)h)]),
        });
        return answer["authorization"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (oracle is not null) await oracle.DisposeAsync();
    }

    public void Dispose() => gate.Dispose();

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
