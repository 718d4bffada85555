using Microsoft.AspNetCore.Http;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>An HTTP server on 127.0.0.1 serving images by path; anything else is a 404.</summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly LoopbackServer server;

    private ImageServer(LoopbackServer server) => this.server = server;

    public Uri Url(string path) => new(server.Endpoint, path);

    public static async Task<ImageServer> StartAsync(Dictionary<string, (byte[] Content, string Type)> files)
    {
        var started = await LoopbackServer.StartAsync(async context =>
        {
            if (files.TryGetValue(context.Request.Path.Value!.TrimStart('/'), out var file))
            {
                context.Response.ContentType = file.Type;
                await context.Response.Body.WriteAsync(file.Content);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        return new ImageServer(started);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
