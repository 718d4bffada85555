using Ogiri.Contracts;
using Ogiri.Lambda;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Fetching;

// The function image's entry point: the handler is the function's command (argument) or _HANDLER.
var handlerName = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable(FunctionEnvironment.Handler);
var runtimeApi = Environment.GetEnvironmentVariable(FunctionEnvironment.RuntimeApi);
if (string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync($"{FunctionEnvironment.RuntimeApi} is not set: this program runs inside Lambda (or its emulator)");
    return 2;
}
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
// Image URLs from an uploaded CSV never reach the function's own network (instance metadata, VPC hosts).
using var images = new SafeHttpImageSource(new HttpFetchOptions(RefusalHint: "the cloud workers fetch public addresses only"));
var bootstrap = new LambdaBootstrap(new RuntimeApiClient(http, runtimeApi), TimeProvider.System,
    traceId => Environment.SetEnvironmentVariable(FunctionEnvironment.TraceId, traceId));
return await bootstrap.RunAsync(
    _ => Task.FromResult(new FunctionComposition(Environment.GetEnvironmentVariable, TimeProvider.System, httpImages: images).Create(handlerName)),
    CancellationToken.None);
