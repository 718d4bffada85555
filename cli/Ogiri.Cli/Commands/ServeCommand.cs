using Ogiri.Cli.Embedded;
using Ogiri.Serving;

namespace Ogiri.Cli.Commands;

public sealed record ServeRequest(string? Home, string Host, int Port, TimeSpan? Poll = null);

/// <summary>
/// <c>ogiri serve</c>: the endpoint's HTTP contract on this machine, serving the home's deployed model and
/// switching to a newly deployed one without dropping requests in flight.
/// </summary>
public sealed class ServeCommand(ConsoleIo io)
{
    public async Task<int> RunAsync(ServeRequest request, CancellationToken cancellationToken)
    {
        var models = new LocalModels(OgiriHome.Resolve(request.Home));
        using var slot = new ModelSlot();
        ListenAddress listen;
        try
        {
            listen = new ListenAddress(request.Host, request.Port);
            _ = listen.Address;
        }
        catch (FormatException)
        {
            await io.Error.WriteLineAsync($"ogiri: --host '{request.Host}' is not an IP address (e.g. 127.0.0.1)");
            return ExitCodes.BadInput;
        }
        // The deployed model is loaded before the server starts: a damaged one ends the command with one line.
        string? loaded = null;
        if (models.Deployed is { } first && Directory.Exists(models.Folder(first)))
        {
            if (slot.TryReplace(() => TrainedCaptionModel.Load(models.Folder(first), first)) is { } problem)
            {
                await io.Error.WriteLineAsync($"ogiri: {problem}");
                return ExitCodes.Failure;
            }
            loaded = first;
        }
        await using var app = ServingHost.Build(listen, slot, new ServingOptions());
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException
            || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await io.Error.WriteLineAsync($"ogiri: cannot listen on {request.Host}:{request.Port}: {e.InnerException?.Message ?? e.Message} (choose another --port)");
            return ExitCodes.BadInput;
        }
        await io.Out.WriteLineAsync($"serving on http://{app.Urls.First().Split("://")[1]}/ (Ctrl+C stops)");
        if (loaded is not null) await io.Out.WriteLineAsync($"model {loaded} loaded");
        string? refused = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var deployed = models.Deployed;
                if (deployed is { } version && version != loaded && version != refused && Directory.Exists(models.Folder(version)))
                {
                    // A model that does not load is refused once; the one being served stays.
                    if (slot.TryReplace(() => TrainedCaptionModel.Load(models.Folder(version), version)) is { } problem)
                    {
                        await io.Error.WriteLineAsync($"ogiri: {problem}; {(string.IsNullOrEmpty(loaded) ? "no model is served" : $"still serving {loaded}")}");
                        refused = version;
                    }
                    else
                    {
                        await io.Out.WriteLineAsync(string.IsNullOrEmpty(loaded) ? $"model {version} loaded" : $"switched to model {version}");
                        loaded = version;
                    }
                }
                else if (loaded is null && deployed is null)
                {
                    await io.Error.WriteLineAsync("ogiri: no model is deployed yet; /ping answers 503 until 'ogiri run' or 'ogiri train' deploys one");
                    loaded = "";
                }
                await Task.Delay(request.Poll ?? TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
