using System.Collections.Concurrent;
using System.Net;
using Ogiri.Pipeline.Fetching;

namespace Ogiri.Pipeline.Tests.Fetching;

/// <summary>A made-up DNS: names map to whatever addresses a test says; every lookup is recorded.</summary>
internal sealed class FakeResolver(Dictionary<string, IPAddress[]> names, TimeSpan delay = default) : IHostResolver
{
    public ConcurrentQueue<string> Lookups { get; } = new();

    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups.Enqueue(host);
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
        return names.TryGetValue(host, out var addresses) ? addresses : throw new InvalidOperationException($"unknown name {host}");
    }
}

/// <summary>
/// Records every connection attempt. Addresses in <paramref name="routes"/> are routed to a local port instead,
/// so a test can play a public host with a server on 127.0.0.1 and send no traffic anywhere else.
/// </summary>
internal sealed class RecordingConnector(Dictionary<IPAddress, int>? routes = null) : ITcpConnector
{
    private readonly SocketTcpConnector real = new();

    public ConcurrentQueue<IPEndPoint> Attempts { get; } = new();

    public ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(endpoint);
        if (routes is not null && routes.TryGetValue(endpoint.Address, out var port))
            return real.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        if (IPAddress.IsLoopback(endpoint.Address)) return real.ConnectAsync(endpoint, cancellationToken);
        throw new InvalidOperationException($"the test tried to connect to {endpoint}");
    }
}
