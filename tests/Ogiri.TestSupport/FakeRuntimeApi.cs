using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Ogiri.TestSupport;

/// <summary>An invocation's end as the Runtime API saw it: a response, or an error with its type.</summary>
public sealed record RuntimeResult(string RequestId, string Body, string? ErrorType);

/// <summary>
/// Lambda's Runtime API on 127.0.0.1: hands out queued events (with request id, deadline, function ARN and
/// trace id headers) and records responses, invocation errors and init errors.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly Channel<string> events = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? server;
    private int outstanding;

    /// <summary>Time from handing an event out to its deadline.</summary>
    public TimeSpan DeadlineAfter { get; set; } = TimeSpan.FromMinutes(5);

    public string RuntimeApi => $"{server!.Endpoint.Host}:{server.Endpoint.Port}";
    public ConcurrentQueue<RuntimeResult> Results { get; } = new();
    public ConcurrentQueue<string> InitErrors { get; } = new();
    public ConcurrentQueue<string> TraceIds { get; } = new();

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var fake = new FakeRuntimeApi();
        fake.server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public void Enqueue(string @event)
    {
        Interlocked.Increment(ref outstanding);
        events.Writer.TryWrite(@event);
    }

    /// <summary>Completes when every event handed in (including those enqueued meanwhile) has an answer.</summary>
    public Task IdleAsync(TimeSpan timeout) => idle.Task.WaitAsync(timeout);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "GET" && path == "/2018-06-01/runtime/invocation/next")
        {
            var @event = await events.Reader.ReadAsync(context.RequestAborted);
            var id = Guid.NewGuid().ToString();
            var trace = $"Root=1-{Guid.NewGuid():N}";
            TraceIds.Enqueue(trace);
            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] =
                (DateTimeOffset.UtcNow + DeadlineAfter).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:111122223333:function:ogiri-test";
            context.Response.Headers["Lambda-Runtime-Trace-Id"] = trace;
            await context.Response.WriteAsync(@event);
            return;
        }
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        if (path == "/2018-06-01/runtime/init/error")
        {
            InitErrors.Enqueue(context.Request.Headers["Lambda-Runtime-Function-Error-Type"] + " " + body);
            context.Response.StatusCode = 202;
            return;
        }
        var parts = path.Split('/');
        if (parts is ["", "2018-06-01", "runtime", "invocation", var requestId, "response" or "error"])
        {
            var error = parts[^1] == "error" ? context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString() : null;
            Results.Enqueue(new RuntimeResult(requestId, body, error));
            context.Response.StatusCode = 202;
            if (Interlocked.Decrement(ref outstanding) == 0) idle.TrySetResult();
            return;
        }
        context.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        events.Writer.TryComplete();
        if (server is not null) await server.DisposeAsync();
    }
}
