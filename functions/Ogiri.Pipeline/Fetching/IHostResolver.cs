using System.Net;

namespace Ogiri.Pipeline.Fetching;

/// <summary>Turns a host name into addresses. A seam so tests can point a made-up name at any address offline.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
