using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Ogiri.Serving;

namespace Ogiri.Serving.Tests;

/// <summary>The real serving host on 127.0.0.1 and a free port, for one test.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    public static async Task<RunningServer> StartAsync(IModelSource models, ServingOptions? options = null)
    {
        var app = ServingHost.Build(new ListenAddress("127.0.0.1", 0), models, options ?? new ServingOptions());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
