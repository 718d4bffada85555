using System.Net;
using System.Net.Sockets;

namespace Ogiri.Pipeline.Fetching;

/// <summary>Opens a TCP stream to an address that was already checked. A seam so tests can see every connection attempt.</summary>
public interface ITcpConnector
{
    ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}

/// <summary>A plain socket connection.</summary>
public sealed class SocketTcpConnector : ITcpConnector
{
    public async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream,
            ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
