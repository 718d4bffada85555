using Microsoft.AspNetCore.Http;

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

/// <summary>
/// http(s) image URLs for the handler tests, which serve images from 127.0.0.1. The product's fetcher
/// refuses loopback addresses by design; this one is for tests only.
/// </summary>
public sealed class LoopbackImageSource : Ogiri.Pipeline.Ports.IImageSource, IDisposable
{
    private readonly HttpClient http = new();

    public bool Supports(Ogiri.Pipeline.Ports.ImageReferenceKind kind) => kind == Ogiri.Pipeline.Ports.ImageReferenceKind.Http;

    public async Task<byte[]> FetchAsync(Ogiri.Pipeline.Ports.ImageReference reference, long maxBytes, CancellationToken cancellationToken)
    {
        if (!reference.Uri.IsLoopback) throw new InvalidOperationException("tests fetch from 127.0.0.1 only");
        using var response = await http.GetAsync(reference.Uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new Ogiri.Pipeline.Ports.ImageRejectedException($"image_url '{reference.Raw}': HTTP {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public void Dispose() => http.Dispose();
}
