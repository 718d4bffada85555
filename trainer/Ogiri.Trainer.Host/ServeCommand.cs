using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Ogiri.Serving;

namespace Ogiri.Trainer.Host;

/// <summary>
/// <c>serve</c>: listens at once (SageMaker wants a connection within 250 ms), loads the model in the
/// background (/ping answers 503 until then), and stops cleanly on SIGTERM.
/// </summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(ListenAddress listen, string modelDir, string version, CancellationToken cancellationToken)
    {
        using var slot = new ModelSlot();
        await using var app = ServingHost.Build(listen, slot, new ServingOptions());
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"serving on {listen.Host}:{listen.Port}; loading the model from {modelDir}");
        var loading = Task.Run(() =>
        {
            // A damaged model (truncated weights, a corrupt config.json: InvalidModelException, which also wraps a
            // JsonException) stops the server with one line; SageMaker then reports the endpoint as failed.
            if (slot.TryReplace(() => TrainedCaptionModel.Load(modelDir, version)) is { } problem)
            {
                Console.Error.WriteLine(problem);
                _ = app.StopAsync(CancellationToken.None);
            }
            else
            {
                Console.WriteLine($"model {version} loaded");
            }
        }, cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        await loading;
        return loading.IsCompletedSuccessfully && slot.Version is not null ? 0 : 1;
    }
}
